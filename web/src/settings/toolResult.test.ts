import { describe, expect, it } from "vitest";
import { toolResultView } from "./toolResult";

describe("tool results", () => {
  it("shows text parts, JSON ones parsed and indented", () => {
    const view = toolResultView({
      content: [
        { type: "text", text: '{"ok":true,"channels":[]}' },
        { type: "text", text: "plain words" },
      ],
      simulated: true,
    });
    expect(view).toEqual({ text: '{\n  "ok": true,\n  "channels": []\n}\n\nplain words', isError: false });
  });

  it("marks an error result and shows other parts as JSON", () => {
    const view = toolResultView({ content: [{ type: "image", data: "x" }], isError: true });
    expect(view.isError).toBe(true);
    expect(view.text).toContain('"type": "image"');
  });

  it("shows anything else as JSON", () => {
    expect(toolResultView([1, 2]).text).toBe("[\n  1,\n  2\n]");
  });
});
