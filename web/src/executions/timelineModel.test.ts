import { describe, expect, test } from "vitest";
import type { GraphDefinition } from "../api/types";
import type { ExecutionEvent } from "../live/events";
import { initialState, reduceAll } from "../live/reducer";
import { ticksFor, timelineModel } from "./timelineModel";

const E = "exec-1";
const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);
let seq = 0;
const ev = (ms: number, e: Record<string, unknown>) =>
  ({ execution_id: E, seq: ++seq, ts: new Date(t0 + ms).toISOString(), ...e }) as ExecutionEvent;

const graph: GraphDefinition = {
  entry_point: "check",
  nodes: [
    { id: "check", type: "validation", label: "검증" },
    { id: "think", type: "agent_call", label: "분석" },
    { id: "done", type: "finalize", label: "저장" },
  ],
  edges: [],
};

const events = [
  ev(0, { type: "execution_start", pipeline_id: "p", pipeline_version: 1 }),
  ev(0, { type: "step_start", node_id: "check", label: "검증", attempt: 1 }),
  ev(100, { type: "step_complete", node_id: "check", label: "검증", duration_ms: 100, cost: 0, input_tokens: 0, output_tokens: 0 }),
  ev(100, { type: "step_start", node_id: "think", label: "분석", attempt: 1 }),
  ev(1_100, { type: "step_failed", node_id: "think", label: "분석", attempt: 1, error: { code: "provider_error", message: "500" }, will_retry: true }),
  ev(1_200, { type: "step_start", node_id: "think", label: "분석", attempt: 2 }),
];

describe("the timeline's model", () => {
  test("a retried node has a bar per attempt, the failed one marked failed, the running one growing to now", () => {
    const state = reduceAll(initialState, events);
    const model = timelineModel(graph, state.nodes, Date.parse(state.startedAt!), t0 + 3_000);
    expect(model.rows.map((r) => r.nodeId)).toEqual(["check", "think", "done"]);
    const think = model.rows[1]!;
    expect(think.bars).toEqual([
      { attempt: 1, status: "failed", start: 100, end: 1_100, open: false, durationMs: 1_000, errorCode: "provider_error" },
      { attempt: 2, status: "running", start: 1_200, end: 3_000, open: true, durationMs: 1_800, errorCode: undefined },
    ]);
    expect(model.rows[2]!.bars).toEqual([]);
    expect(model.span).toBe(3_000);
    // A second later the running bar is a second longer.
    const later = timelineModel(graph, state.nodes, Date.parse(state.startedAt!), t0 + 4_000);
    expect(later.rows[1]!.bars[1]!.end).toBe(4_000);
  });

  test("a node the graph does not list (a newer version's) still gets its row", () => {
    const state = reduceAll(initialState, events);
    const model = timelineModel({ ...graph, nodes: graph.nodes.slice(0, 1) }, state.nodes, undefined, t0 + 2_000);
    expect(model.rows.map((r) => [r.nodeId, r.label])).toEqual([["check", "검증"], ["think", "분석"]]);
  });

  test("axis marks are round and at most about six", () => {
    expect(ticksFor(3_000)).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500, 3_000]);
    expect(ticksFor(25_000)).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000]);
    expect(ticksFor(1)).toEqual([0]);
    expect(ticksFor(7_200_000).length).toBeLessThanOrEqual(7);
  });
});
