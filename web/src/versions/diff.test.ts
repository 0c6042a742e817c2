import { describe, expect, it } from "vitest";
import type { GraphDefinition } from "../api/types";
import { diffGraphs } from "./diff";

const v1: GraphDefinition = {
  entry_point: "start",
  nodes: [
    { id: "start", type: "trigger", label: "시작" },
    { id: "write", type: "agent_call", label: "작성", agent_slug: "blog" },
    { id: "old", type: "finalize", label: "옛 끝" },
  ],
  edges: [
    { from: "start", to: "write" },
    { from: "write", to: "old" },
  ],
};

const v2: GraphDefinition = {
  entry_point: "start",
  nodes: [
    { id: "start", type: "trigger", label: "시작", position: { x: 1, y: 2 } },
    { id: "write", type: "agent_call", label: "글쓰기", agent_slug: "blog" },
    { id: "done", type: "finalize", label: "끝" },
  ],
  edges: [
    { from: "start", to: "write" },
    { from: "write", to: "done", condition: "true" },
  ],
};

describe("diffGraphs", () => {
  const diff = diffGraphs(v1, v2);

  it("marks nodes added, removed and changed, field by field, ignoring positions", () => {
    const by = Object.fromEntries(diff.nodes.map((n) => [n.id, n]));
    expect(by.start!.presence).toBe("same");
    expect(by.write!.presence).toBe("changed");
    expect(by.write!.fields).toEqual([{ field: "label", before: "작성", after: "글쓰기" }]);
    expect(by.done!.presence).toBe("added");
    expect(by.old!.presence).toBe("removed");
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, edges: 2 });
  });

  it("lists edge changes and draws both graphs as one", () => {
    expect(diff.edges).toEqual([
      { from: "write", to: "done", presence: "added", after: "true" },
      { from: "write", to: "old", presence: "removed", before: undefined },
    ]);
    expect(diff.union.nodes.map((n) => n.id)).toEqual(["start", "write", "done", "old"]);
    expect(diff.union.edges).toHaveLength(3);
  });
});
