import { describe, expect, test } from "vitest";
import type { ExecutionEvent } from "../live/events";
import { initialState, reduce, reduceAll } from "../live/reducer";
import { graphView } from "./graphView";

const E = "exec-1";
const ts = "2026-11-24T10:00:00.000Z";
const start: ExecutionEvent[] = [
  { type: "execution_start", execution_id: E, seq: 1, ts, pipeline_id: "p", pipeline_version: 1 },
  { type: "step_start", execution_id: E, seq: 2, ts, node_id: "a", label: "A", attempt: 1 },
  { type: "step_start", execution_id: E, seq: 3, ts, node_id: "b", label: "B", attempt: 1 },
];
const chunk = (seq: number): ExecutionEvent => ({
  type: "agent_streaming", execution_id: E, seq, ts, node_id: "a", agent_slug: "x", chunk: `조각 ${seq} `,
});

describe("the graph's view of the live state", () => {
  test("streamed text leaves the view the same object: the graph does not render again", () => {
    let state = reduceAll(initialState, start);
    const view = graphView(state.nodes);
    for (let seq = 4; seq < 200; seq++) {
      state = reduce(state, chunk(seq));
      expect(graphView(state.nodes, view)).toBe(view);
    }
    expect(state.nodes.a?.text.x).toContain("조각 199");
  });

  test("a shown field that changes gives a new view; the unchanged nodes keep their objects", () => {
    const state = reduceAll(initialState, start);
    const view = graphView(state.nodes);
    const done = reduce(state, {
      type: "step_complete", execution_id: E, seq: 4, ts, node_id: "a", label: "A",
      duration_ms: 120, cost: 5, input_tokens: 1, output_tokens: 2,
    });
    const next = graphView(done.nodes, view);
    expect(next).not.toBe(view);
    expect(next.a).toEqual({ status: "completed", durationMs: 120, cost: 5 });
    expect(next.b).toBe(view.b);
  });

  test("a node that appears gives a new view", () => {
    const state = reduceAll(initialState, start.slice(0, 2));
    const view = graphView(state.nodes);
    expect(graphView(reduce(state, start[2]!).nodes, view)).not.toBe(view);
  });
});
