// A tool's result as people read it: MCP answers {content: [{type: "text", text}], isError?}, and
// the text is often JSON itself (escaped inside a string); it is shown parsed and indented.

export interface ToolResultView {
  text: string;
  isError: boolean;
}

const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

export function toolResultView(value: unknown): ToolResultView {
  if (typeof value === "object" && value !== null && Array.isArray((value as { content?: unknown }).content)) {
    const result = value as { content: unknown[]; isError?: boolean; structuredContent?: unknown };
    const parts = result.content.map((part) => {
      const p = part as { type?: string; text?: string };
      return p.type === "text" && typeof p.text === "string" ? pretty(p.text) : JSON.stringify(part, null, 2);
    });
    return { text: parts.join("\n\n"), isError: result.isError === true };
  }
  return { text: JSON.stringify(value, null, 2), isError: false };
}
