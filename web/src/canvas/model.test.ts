import { describe, expect, it } from "vitest";
import {
  type CanvasState,
  type Action,
  edgeKey,
  initialState,
  inputProperties,
  isDirty,
  pinErrors,
  reduce,
  toGraph,
  upstreamOf,
} from "./model";

const run = (actions: Action[], state: CanvasState = initialState()) => actions.reduce(reduce, state);

const threeNodes = (): CanvasState =>
  run([
    { type: "add", nodeType: "trigger", position: { x: 0, y: 0 } },
    { type: "add", nodeType: "agent_call", position: { x: 250, y: 0 } },
    { type: "add", nodeType: "finalize", position: { x: 500, y: 0 } },
    { type: "connect", from: "trigger", to: "agent_call" },
    { type: "connect", from: "agent_call", to: "finalize" },
  ]);

describe("canvas model", () => {
  it("adds nodes with fresh ids and positions, the first trigger as entry point", () => {
    const s = run([
      { type: "add", nodeType: "agent_call", position: { x: 10.4, y: 20.6 } },
      { type: "add", nodeType: "agent_call", position: { x: 0, y: 0 } },
      { type: "add", nodeType: "trigger", position: { x: 0, y: 0 } },
    ]);
    expect(s.graph.nodes.map((n) => n.id)).toEqual(["agent_call", "agent_call_2", "trigger"]);
    expect(s.graph.nodes[0]!.position).toEqual({ x: 10, y: 21 });
    expect(s.graph.entry_point).toBe("agent_call");
    expect(s.selection.nodes).toEqual(["trigger"]);
    expect(s.graph.nodes[0]!.label).toBe("agent_call");
    const labelled = reduce(s, { type: "add", nodeType: "finalize", position: { x: 0, y: 0 }, label: "최종 결과" });
    expect(labelled.graph.nodes.at(-1)!.label).toBe("최종 결과");
  });

  it("connects once, never a node to itself or to an unknown node", () => {
    const s = threeNodes();
    expect(s.graph.edges).toEqual([
      { from: "trigger", to: "agent_call" },
      { from: "agent_call", to: "finalize" },
    ]);
    expect(reduce(s, { type: "connect", from: "trigger", to: "agent_call" })).toBe(s);
    expect(reduce(s, { type: "connect", from: "trigger", to: "trigger" })).toBe(s);
    expect(reduce(s, { type: "connect", from: "trigger", to: "nope" })).toBe(s);
  });

  it("deletes a node with its edges, and moves the entry point off a deleted one", () => {
    const s = reduce(threeNodes(), { type: "delete", nodes: ["agent_call"] });
    expect(s.graph.nodes.map((n) => n.id)).toEqual(["trigger", "finalize"]);
    expect(s.graph.edges).toEqual([]);
    const t = reduce(threeNodes(), { type: "delete", nodes: ["trigger"] });
    expect(t.graph.entry_point).toBe("agent_call");
    const u = reduce(threeNodes(), { type: "delete", edges: ["trigger->agent_call"] });
    expect(u.graph.edges.map(edgeKey)).toEqual(["agent_call->finalize"]);
  });

  it("deletes the selection when no ids are given", () => {
    const s = run([{ type: "select", selection: { nodes: ["finalize"], edges: [] } }, { type: "delete" }], threeNodes());
    expect(s.graph.nodes.map((n) => n.id)).toEqual(["trigger", "agent_call"]);
  });

  it("a drag is one undo step", () => {
    const s = run(
      [
        { type: "move", id: "trigger", position: { x: 5, y: 5 }, done: false },
        { type: "move", id: "trigger", position: { x: 50, y: 60 }, done: false },
        { type: "move", id: "trigger", position: { x: 100, y: 120 }, done: true },
      ],
      threeNodes(),
    );
    expect(s.graph.nodes[0]!.position).toEqual({ x: 100, y: 120 });
    expect(s.past).toHaveLength(threeNodes().past.length + 1);
    expect(reduce(s, { type: "undo" }).graph.nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it("updates fields, removes undefined ones, and a rename carries edges and entry point", () => {
    let s = reduce(threeNodes(), { type: "updateNode", id: "agent_call", patch: { agent_slug: "critic", label: "검토" } });
    expect(s.graph.nodes[1]).toMatchObject({ agent_slug: "critic", label: "검토" });
    s = reduce(s, { type: "updateNode", id: "agent_call", patch: { agent_slug: undefined } });
    expect("agent_slug" in s.graph.nodes[1]!).toBe(false);
    s = reduce(s, { type: "updateNode", id: "trigger", patch: { id: "start" } });
    expect(s.graph.entry_point).toBe("start");
    expect(s.graph.edges[0]).toEqual({ from: "start", to: "agent_call" });
  });

  it("sets and clears an edge's condition", () => {
    let s = reduce(threeNodes(), { type: "updateEdge", key: "trigger->agent_call", patch: { condition: "input.x > 1" } });
    expect(s.graph.edges[0]).toEqual({ from: "trigger", to: "agent_call", condition: "input.x > 1" });
    s = reduce(s, { type: "updateEdge", key: "trigger->agent_call", patch: { condition: "" } });
    expect(s.graph.edges[0]).toEqual({ from: "trigger", to: "agent_call" });
  });

  it("undoes and redoes, and a new change clears redo", () => {
    const s = threeNodes();
    const undone = reduce(s, { type: "undo" });
    expect(undone.graph.edges).toHaveLength(1);
    const redone = reduce(undone, { type: "redo" });
    expect(redone.graph).toEqual(s.graph);
    const branched = reduce(undone, { type: "add", nodeType: "human_gate", position: { x: 0, y: 0 } });
    expect(branched.future).toEqual([]);
    expect(reduce(initialState(), { type: "undo" })).toEqual(initialState());
  });

  it("pastes copied nodes with new ids, their inner edges and offset positions", () => {
    const s = run(
      [
        { type: "select", selection: { nodes: ["trigger", "agent_call"], edges: [] } },
        { type: "copy" },
        { type: "paste" },
      ],
      threeNodes(),
    );
    expect(s.graph.nodes.map((n) => n.id)).toEqual(["trigger", "agent_call", "finalize", "trigger_2", "agent_call_2"]);
    expect(s.graph.edges.at(-1)).toEqual({ from: "trigger_2", to: "agent_call_2" });
    expect(s.graph.nodes[3]!.position).toEqual({ x: 40, y: 40 });
    expect(s.selection.nodes).toEqual(["trigger_2", "agent_call_2"]);
    expect(s.graph.entry_point).toBe("trigger");
  });

  it("replaces the graph from JSON as one undo step, and not at all when it is the same", () => {
    const s = threeNodes();
    const json = JSON.parse(JSON.stringify(toGraph(s)));
    expect(reduce(s, { type: "fromJson", graph: json })).toBe(s);
    json.nodes[1].label = "바뀜";
    const t = reduce(s, { type: "fromJson", graph: json });
    expect(t.graph.nodes[1]!.label).toBe("바뀜");
    expect(reduce(t, { type: "undo" }).graph).toEqual(s.graph);
  });

  it("keeps unknown fields and tracks unsaved changes", () => {
    const loaded = initialState({
      entry_point: "a",
      nodes: [{ id: "a", type: "trigger", label: "A", custom: 1 }],
      edges: [],
      max_steps: 5,
    });
    expect(isDirty(loaded)).toBe(false);
    const s = reduce(loaded, { type: "updateNode", id: "a", patch: { label: "B" } });
    expect(toGraph(s)).toMatchObject({ max_steps: 5, nodes: [{ custom: 1, label: "B" }] });
    expect(isDirty(s)).toBe(true);
    expect(isDirty(reduce(s, { type: "saved", graph: s.graph }))).toBe(false);
  });

  it("pins error paths to nodes and edges of the validated graph", () => {
    const g = threeNodes().graph;
    const pinned = pinErrors(g, [
      { path: "nodes[1].agent_slug", message: "required" },
      { path: "edges[1].condition", message: "bad" },
      { path: "entry_point", message: "missing" },
      { path: "nodes[9]", message: "gone" },
    ]);
    expect(pinned.map((p) => p.target)).toEqual([
      { kind: "node", id: "agent_call" },
      { kind: "edge", key: "agent_call->finalize" },
      { kind: "graph" },
      { kind: "graph" },
    ]);
  });

  it("knows a node's upstream ids and the input's properties", () => {
    const s = threeNodes();
    expect(upstreamOf(s.graph, "finalize")).toEqual(["trigger", "agent_call"]);
    expect(upstreamOf(s.graph, "trigger")).toEqual([]);
    const v = reduce(s, { type: "add", nodeType: "validation", position: { x: 0, y: 0 } });
    const w = reduce(v, {
      type: "updateNode",
      id: "validation",
      patch: { schema: { type: "object", properties: { query: {}, budget: {} } } },
    });
    expect(inputProperties(w.graph)).toEqual(["query", "budget"]);
  });

  it("applies node and edge select changes that arrive in separate batches", () => {
    const s = run(
      [
        { type: "select", selection: { nodes: [], edges: ["trigger->agent_call"] } },
        { type: "toggleSelect", changes: [{ kind: "node", id: "finalize", selected: true }] },
        { type: "toggleSelect", changes: [{ kind: "edge", id: "trigger->agent_call", selected: false }] },
        { type: "toggleSelect", changes: [{ kind: "node", id: "gone", selected: true }] },
      ],
      threeNodes(),
    );
    expect(s.selection).toEqual({ nodes: ["finalize"], edges: [] });
  });
});
