import { describe, expect, it } from "vitest";
import { outputView } from "./finalOutput";

describe("outputView", () => {
  it("shows a string as one Markdown part", () => {
    expect(outputView("# 제목\n본문")).toEqual({ markdown: [{ text: "# 제목\n본문" }] });
  });

  it("shows nothing for no output", () => {
    expect(outputView(null)).toEqual({ markdown: [] });
    expect(outputView(undefined)).toEqual({ markdown: [] });
  });

  it("puts the document field first and keeps short values as JSON", () => {
    const view = outputView({ status: "ok", document: "짧은 문서", notes: "첫 줄\n둘째 줄" });
    expect(view.markdown).toEqual([
      { path: "document", text: "짧은 문서" },
      { path: "notes", text: "첫 줄\n둘째 줄" },
    ]);
    expect(JSON.parse(view.json!)).toEqual({ status: "ok" });
  });

  it("orders a finalize output by the graph and opens a parallel node's texts", () => {
    const view = outputView(
      {
        review: "## 검토\n좋습니다",
        analyze: { critic: "## 위험\n적음", score: 3, optimist: "## 기회\n많음" },
        crawl: { content: [{ type: "text", text: "공고" }] },
      },
      ["crawl", "analyze", "review", "optimist", "critic"],
    );
    expect(view.markdown.map((p) => p.path)).toEqual([
      "analyze.optimist",
      "analyze.critic",
      "review",
    ]);
    expect(JSON.parse(view.json!)).toEqual({
      crawl: { content: [{ type: "text", text: "공고" }] },
      analyze: { score: 3 },
    });
  });

  it("shows a number or an array as JSON", () => {
    expect(outputView([1, 2])).toEqual({ markdown: [], json: "[\n  1,\n  2\n]" });
    expect(outputView(42)).toEqual({ markdown: [], json: "42" });
  });
});
