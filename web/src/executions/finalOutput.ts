// How the monitor shows a run's final output: text as Markdown, JSON as JSON.

export interface OutputPart {
  /** Where the text sits in the output (`document`, `analyze.optimist`); none for a bare string. */
  path?: string;
  text: string;
}

export interface OutputView {
  markdown: OutputPart[];
  /** Whatever is not text, as indented JSON; undefined when everything was text. */
  json?: string;
}

/** Fields that usually hold the document itself come first. */
const PREFERRED = ["document", "content", "markdown", "report", "text", "summary", "answer"];

/**
 * A string is one Markdown part. An object gives a part per string field, and per string field of
 * an object field (a parallel node's `{agent: text}`), the rest as JSON. `order` (the graph's node
 * ids, then its agents) orders the fields of a finalize output that collected every step's output:
 * stored as jsonb, its keys come back sorted by length, not in the graph's order.
 */
export function outputView(output: unknown, order: string[] = []): OutputView {
  if (output === null || output === undefined) return { markdown: [] };
  if (typeof output === "string") return { markdown: output.trim() ? [{ text: output }] : [] };
  if (typeof output !== "object" || Array.isArray(output)) {
    return { markdown: [], json: JSON.stringify(output, null, 2) };
  }
  const markdown: OutputPart[] = [];
  const rest: Record<string, unknown> = {};
  for (const key of orderedKeys(Object.keys(output), order)) {
    const value = (output as Record<string, unknown>)[key];
    if (typeof value === "string" && (PREFERRED.includes(key) || isProse(value))) {
      markdown.push({ path: key, text: value });
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      const nested: Record<string, unknown> = {};
      const fields = value as Record<string, unknown>;
      for (const inner of orderedKeys(Object.keys(fields), order)) {
        const v = fields[inner];
        if (typeof v === "string" && isProse(v)) markdown.push({ path: `${key}.${inner}`, text: v });
        else nested[inner] = v;
      }
      if (Object.keys(nested).length) rest[key] = nested;
    } else {
      rest[key] = value;
    }
  }
  return {
    markdown,
    json: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : undefined,
  };
}

/** Text worth reading as a document: several lines, or a long one; a short value stays JSON. */
function isProse(text: string): boolean {
  return text.includes("\n") || text.trim().length >= 120;
}

function orderedKeys(keys: string[], order: string[]): string[] {
  const rank = (k: string) => {
    const preferred = PREFERRED.indexOf(k);
    if (preferred >= 0) return preferred - PREFERRED.length;
    const inGraph = order.indexOf(k);
    return inGraph >= 0 ? inGraph : order.length + keys.indexOf(k);
  };
  return [...keys].sort((a, b) => rank(a) - rank(b));
}
