import { describe, expect, it } from "vitest";
import type { Execution, GraphDefinition, Step } from "../api/types";
import { compareExecutions, compareNode, mergeGraphs, outputText } from "./model";
import { diffCounts, diffRows, textDiff } from "./textDiff";

const step = (node_id: string, over: Partial<Step> = {}): Step => ({
  node_id,
  label: node_id.toUpperCase(),
  type: "agent_call",
  status: "completed",
  attempt: 1,
  started_at: "2026-11-28T10:00:00Z",
  finished_at: "2026-11-28T10:00:01Z",
  duration_ms: 1000,
  cost: 10,
  input_tokens: 100,
  output_tokens: 50,
  output: "같은 답",
  error: null,
  ...over,
});

const run = (id: string, steps: Step[], over: Partial<Execution> = {}): Execution =>
  ({
    id,
    pipeline_id: "p",
    pipeline_version: 1,
    workspace_id: "w",
    status: "completed",
    input: {},
    output: null,
    error: null,
    total_cost: 20,
    started_at: "2026-11-28T10:00:00Z",
    finished_at: "2026-11-28T10:00:05Z",
    duration_ms: 5000,
    steps,
    pending_approvals: [],
    ...over,
  }) as Execution;

const graph = (ids: string[]): GraphDefinition => ({
  entry_point: ids[0]!,
  nodes: ids.map((id) => ({ id, type: "agent_call", label: id.toUpperCase() })),
  edges: ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id })),
});

describe("comparing two runs node by node", () => {
  it("gives B minus A for duration, cost and tokens, and a status pair", () => {
    const node = compareNode(
      "x",
      "X",
      step("x"),
      step("x", { status: "failed", duration_ms: 1500, cost: 12.5, input_tokens: 90, output_tokens: 80 }),
    );
    expect(node).toMatchObject({
      presence: "both",
      statusA: "completed",
      statusB: "failed",
      durationDelta: 500,
      costDelta: 2.5,
      inputTokensDelta: -10,
      outputTokensDelta: 30,
      changed: true,
    });
  });

  it("does not call a node changed for its duration alone", () => {
    expect(compareNode("x", "X", step("x"), step("x", { duration_ms: 1234 })).changed).toBe(false);
  });

  it("calls a node changed when only its output differs", () => {
    const node = compareNode("x", "X", step("x"), step("x", { output: "다른 답" }));
    expect(node.changed).toBe(true);
    expect([node.outputA, node.outputB]).toEqual(["같은 답", "다른 답"]);
  });

  it("rounds money deltas to the contract's 4 decimals", () => {
    // 0.3 - 0.1 is 0.19999999999999998 in binary floating point.
    expect(compareNode("x", "X", step("x", { cost: 0.1 }), step("x", { cost: 0.3 })).costDelta).toBe(0.2);
  });

  it("has no delta where a side has no value", () => {
    const node = compareNode("x", "X", step("x", { duration_ms: null, cost: null }), step("x"));
    expect(node.durationDelta).toBeNull();
    expect(node.costDelta).toBeNull();
  });

  it("matches nodes of different versions by id and marks the ones only one has", () => {
    const a = run("a", [step("start"), step("old")]);
    const b = run("b", [step("start"), step("new")], { pipeline_version: 2, total_cost: 35.5, duration_ms: 4000 });
    const c = compareExecutions(a, b, graph(["start", "old"]), graph(["start", "new"]));
    expect(c.nodes.map((n) => `${n.nodeId}:${n.presence}`)).toEqual(["start:both", "old:onlyA", "new:onlyB"]);
    expect(c.nodes.find((n) => n.nodeId === "old")?.changed).toBe(true);
    expect(c.nodes.find((n) => n.nodeId === "start")?.changed).toBe(false);
    expect(c.graph.nodes.map((n) => n.id)).toEqual(["start", "old", "new"]);
    expect(c.graph.edges).toEqual([
      { from: "start", to: "old" },
      { from: "start", to: "new" },
    ]);
    expect(c.costDelta).toBe(15.5);
    expect(c.durationDelta).toBe(-1000);
    expect([c.a.pipelineVersion, c.b.pipelineVersion]).toEqual([1, 2]);
  });

  it("counts a node of the graph that never ran as pending, not as missing", () => {
    const c = compareExecutions(run("a", [step("s")]), run("b", [step("s"), step("t")]), graph(["s", "t"]), graph(["s", "t"]));
    const t = c.nodes.find((n) => n.nodeId === "t")!;
    expect(t).toMatchObject({ presence: "both", statusA: "pending", statusB: "completed", changed: true });
  });

  it("merges one graph alone as it is", () => {
    expect(mergeGraphs(graph(["a", "b"]), undefined)).toEqual(graph(["a", "b"]));
    expect(mergeGraphs(undefined, graph(["c"]))).toEqual(graph(["c"]));
  });

  it("reads outputs as text: strings as they are, objects as indented JSON", () => {
    expect(outputText("글")).toBe("글");
    expect(outputText(null)).toBe("");
    expect(outputText({ a: 1 })).toBe('{\n  "a": 1\n}');
    // Answers of several lines by agent: each as text under its name, so lines diff as lines.
    expect(outputText({ optimist: "좋다\n매우", critic: "나쁘다", n: 2 })).toBe(
      "[optimist]\n좋다\n매우\n\n[critic]\n나쁘다\n\n[n]\n2",
    );
  });
});

describe("text diff of two outputs", () => {
  it("marks added and removed lines, one row each", () => {
    const parts = textDiff("하나\n둘\n셋\n", "하나\n둘!\n셋\n넷\n", "lines");
    expect(diffRows(parts)).toEqual([
      { kind: "same", text: "하나" },
      { kind: "removed", text: "둘" },
      { kind: "added", text: "둘!" },
      { kind: "same", text: "셋" },
      { kind: "added", text: "넷" },
    ]);
    expect(diffCounts(parts, "lines")).toEqual({ added: 2, removed: 1 });
  });

  it("marks added and removed words", () => {
    const parts = textDiff("요청 내용은 AI 솔루션", "요청 내용은 클라우드 솔루션", "words");
    expect(parts.filter((p) => p.kind !== "same").map((p) => `${p.kind}:${p.text}`)).toEqual([
      "removed:AI",
      "added:클라우드",
    ]);
    expect(diffCounts(parts, "words")).toEqual({ added: 1, removed: 1 });
  });

  it("finds nothing between equal texts", () => {
    expect(textDiff("같다", "같다", "lines")).toEqual([{ kind: "same", text: "같다" }]);
  });
});
