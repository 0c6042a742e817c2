import { describe, expect, test } from "vitest";
import type { ExecutionEvent } from "./events";
import { initialState, reduce, reduceAll } from "./reducer";

const E = "exec-1";
let ts = 0;
const at = () => new Date(Date.UTC(2026, 10, 24, 10, 0, 0, ts++)).toISOString();

// A grant_factory-like run: validate, a parallel two-agent node (one attempt restarted), finalize.
const run: ExecutionEvent[] = [
  { type: "execution_start", execution_id: E, seq: 1, ts: at(), pipeline_id: "p", pipeline_version: 1 },
  { type: "step_start", execution_id: E, seq: 2, ts: at(), node_id: "validate_input", label: "입력 검증", attempt: 1 },
  { type: "step_complete", execution_id: E, seq: 3, ts: at(), node_id: "validate_input", label: "입력 검증", duration_ms: 120, cost: 0, input_tokens: 0, output_tokens: 0 },
  { type: "step_start", execution_id: E, seq: 4, ts: at(), node_id: "analyze", label: "적합성 분석", attempt: 1 },
  { type: "agent_streaming", execution_id: E, seq: 5, ts: at(), node_id: "analyze", agent_slug: "optimist", chunk: "좋은 " },
  { type: "agent_streaming", execution_id: E, seq: 6, ts: at(), node_id: "analyze", agent_slug: "critic", chunk: "위험 " },
  { type: "step_failed", execution_id: E, seq: 7, ts: at(), node_id: "analyze", label: "적합성 분석", attempt: 1, error: { code: "provider_error", message: "503" }, will_retry: true },
  { type: "step_start", execution_id: E, seq: 8, ts: at(), node_id: "analyze", label: "적합성 분석", attempt: 2 },
  { type: "agent_streaming", execution_id: E, seq: 9, ts: at(), node_id: "analyze", agent_slug: "optimist", chunk: "적합" },
  { type: "agent_streaming", execution_id: E, seq: 10, ts: at(), node_id: "analyze", agent_slug: "critic", chunk: "부적합" },
  { type: "step_complete", execution_id: E, seq: 11, ts: at(), node_id: "analyze", label: "적합성 분석", duration_ms: 2300, cost: 100, input_tokens: 10, output_tokens: 20 },
  { type: "credits_charged", execution_id: E, seq: 12, ts: at(), node_id: "analyze", amount: 100, balance: 9900 },
  { type: "step_skipped", execution_id: E, seq: 13, ts: at(), node_id: "notify", label: "알림" },
  { type: "step_start", execution_id: E, seq: 14, ts: at(), node_id: "finalize", label: "최종 결과 저장", attempt: 1 },
  { type: "step_complete", execution_id: E, seq: 15, ts: at(), node_id: "finalize", label: "최종 결과 저장", duration_ms: 5, cost: 50, input_tokens: 0, output_tokens: 0 },
  { type: "execution_complete", execution_id: E, seq: 16, ts: at(), status: "completed", total_cost: 150, duration_ms: 2500 },
];

const clean = reduceAll(initialState, run);

describe("live reducer", () => {
  test("one clean pass ends with every node's final state", () => {
    expect(clean.lastSeq).toBe(16);
    expect(clean.status).toBe("completed");
    expect(clean.totalCost).toBe(150);
    expect(clean.nodes.validate_input).toMatchObject({ status: "completed", durationMs: 120 });
    expect(clean.nodes.notify?.status).toBe("skipped");
    expect(clean.nodes.finalize?.status).toBe("completed");
    expect(clean.pending).toEqual({});
  });

  test("an attempt restarted mid-stream keeps only the new attempt's text", () => {
    expect(clean.nodes.analyze).toMatchObject({
      status: "completed",
      attempt: 2,
      text: { optimist: "적합", critic: "부적합" },
      cost: 100,
    });
    expect(clean.nodes.analyze?.error).toBeUndefined();
  });

  test("a failure that will be retried leaves the node running", () => {
    const midway = reduceAll(initialState, run.slice(0, 7));
    expect(midway.nodes.analyze).toMatchObject({ status: "running", willRetry: true });
  });

  test("duplicated events change nothing", () => {
    const doubled = run.flatMap((e) => [e, e]);
    expect(reduceAll(initialState, doubled)).toEqual(clean);
  });

  test("a replay after a reconnect (events already seen come again) changes nothing", () => {
    const firstHalf = reduceAll(initialState, run.slice(0, 9));
    // The reconnect asked with after=5 by mistake: 6..16 arrive, 6..9 again.
    expect(reduceAll(firstHalf, run.slice(5))).toEqual(clean);
  });

  test("out-of-order events wait for the gap and give the same state", () => {
    const shuffled = [...run].reverse();
    const partial = reduceAll(initialState, shuffled.slice(0, -1));
    expect(partial.lastSeq).toBe(0);
    expect(Object.keys(partial.pending)).toHaveLength(15);
    expect(reduce(partial, run[0]!)).toEqual(clean);

    const swapped = [...run];
    [swapped[4], swapped[9]] = [swapped[9]!, swapped[4]!];
    expect(reduceAll(initialState, swapped)).toEqual(clean);
  });

  test("the running total grows with completed nodes before the run ends", () => {
    expect(reduceAll(initialState, run.slice(0, 11)).totalCost).toBe(100);
  });

  test("a waiting gate puts the run and the node in awaiting_approval, approval resumes it", () => {
    const gate: ExecutionEvent[] = [
      ...run.slice(0, 3),
      { type: "approval_required", execution_id: E, seq: 4, ts: at(), node_id: "approve", label: "회장 승인", message: "승인해 주세요", approvers: ["owner"] },
    ];
    const waiting = reduceAll(initialState, gate);
    expect(waiting.status).toBe("awaiting_approval");
    expect(waiting.nodes.approve).toMatchObject({ status: "awaiting_approval", approval: { approvers: ["owner"] } });
    const resolved = reduce(waiting, { type: "approval_resolved", execution_id: E, seq: 5, ts: at(), node_id: "approve", decision: "approved", by: "u", comment: null });
    expect(resolved.status).toBe("running");
    expect(resolved.nodes.approve?.status).toBe("completed");
  });

  test("a budget approval keeps what was spent, the budget and what is needed; a plain gate is a gate", () => {
    const waiting = reduceAll(initialState, [
      ...run.slice(0, 3),
      { type: "approval_required", execution_id: E, seq: 4, ts: at(), node_id: "review", label: "검토", message: "예산 부족", approvers: ["owner", "admin"], kind: "budget", spent: 10.8, budget: 20, needed: 11.4 },
    ]);
    expect(waiting.nodes.review?.approval).toEqual({ message: "예산 부족", approvers: ["owner", "admin"], kind: "budget", spent: 10.8, budget: 20, needed: 11.4 });
    const gate = reduceAll(initialState, [
      ...run.slice(0, 3),
      { type: "approval_required", execution_id: E, seq: 4, ts: at(), node_id: "approve", label: "승인", message: "", approvers: ["owner"] },
    ]);
    expect(gate.nodes.approve?.approval?.kind).toBe("gate");
  });
});

describe("a retried execution", () => {
  test("runs again after its failed end, and ends as the retry ends", () => {
    const failedRun: ExecutionEvent[] = [
      { type: "execution_start", execution_id: E, seq: 1, ts: at(), pipeline_id: "p", pipeline_version: 1 },
      { type: "step_start", execution_id: E, seq: 2, ts: at(), node_id: "a", label: "A", attempt: 1 },
      { type: "step_failed", execution_id: E, seq: 3, ts: at(), node_id: "a", label: "A", attempt: 1, error: { code: "tool_error", message: "down" }, will_retry: false },
      { type: "execution_complete", execution_id: E, seq: 4, ts: at(), status: "failed", total_cost: 0, duration_ms: 10 },
    ];
    const failed = reduceAll(initialState, failedRun);
    expect(failed.status).toBe("failed");
    const retried = reduce(failed, { type: "step_start", execution_id: E, seq: 5, ts: at(), node_id: "a", label: "A", attempt: 1 });
    expect(retried.status).toBe("running");
    expect(retried.nodes.a?.status).toBe("running");
    const done = reduceAll(retried, [
      { type: "step_complete", execution_id: E, seq: 6, ts: at(), node_id: "a", label: "A", duration_ms: 5, cost: 3, input_tokens: 1, output_tokens: 2 },
      { type: "execution_complete", execution_id: E, seq: 7, ts: at(), status: "completed", total_cost: 3, duration_ms: 40 },
    ]);
    expect(done).toMatchObject({ status: "completed", totalCost: 3 });
    // A cancelled run is not retried: a late step event does not bring it back.
    const cancelled = { ...failed, status: "cancelled" as const };
    expect(reduce(cancelled, { type: "step_start", execution_id: E, seq: 5, ts: at(), node_id: "a", label: "A", attempt: 1 }).status).toBe("cancelled");
  });
});
