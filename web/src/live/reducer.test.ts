import { describe, expect, test } from "vitest";
import type { ExecutionEvent } from "./events";
import type { Execution } from "../api/types";
import { initialState, reduce, reduceAll, withExecution } from "./reducer";

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

// A run as the server records it (charges come before the step's end, with the run's spent and
// budget): a retried node whose first attempt streamed and was charged, a tool call, a budget
// wait that is raised, and the end.
function recorded(): ExecutionEvent[] {
  const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);
  const ev: ExecutionEvent[] = [];
  const add = (ms: number, e: Record<string, unknown>) =>
    ev.push({ execution_id: E, seq: ev.length + 1, ts: new Date(t0 + ms).toISOString(), ...e } as ExecutionEvent);
  add(0, { type: "execution_start", pipeline_id: "p", pipeline_version: 1 });
  add(10, { type: "step_start", node_id: "check", label: "검증", attempt: 1 });
  add(130, { type: "step_complete", node_id: "check", label: "검증", duration_ms: 120, cost: 0, input_tokens: 0, output_tokens: 0 });
  add(140, { type: "step_start", node_id: "think", label: "분석", attempt: 1 });
  add(300, { type: "agent_streaming", node_id: "think", agent_slug: "a", chunk: "버려질 " });
  add(400, { type: "agent_streaming", node_id: "think", agent_slug: "a", chunk: "텍스트" });
  add(500, { type: "credits_charged", node_id: "think", amount: 0.1, balance: 99.9, spent: 0.1, budget: 5 });
  add(510, { type: "step_failed", node_id: "think", label: "분석", attempt: 1, error: { code: "provider_error", message: "500" }, will_retry: true });
  add(600, { type: "step_start", node_id: "think", label: "분석", attempt: 2 });
  add(700, { type: "tool_call", node_id: "think", mcp: "firecrawl", tool: "search", status: "started" });
  add(800, { type: "tool_call", node_id: "think", mcp: "firecrawl", tool: "search", status: "completed", duration_ms: 100 });
  for (let i = 0; i < 20; i++) add(900 + i * 10, { type: "agent_streaming", node_id: "think", agent_slug: "a", chunk: `조각${i} ` });
  add(1200, { type: "credits_charged", node_id: "think", amount: 0.2, balance: 99.7, spent: 0.3, budget: 5 });
  add(1210, { type: "step_complete", node_id: "think", label: "분석", duration_ms: 610, cost: 0.2, input_tokens: 10, output_tokens: 20 });
  add(1300, { type: "step_start", node_id: "write", label: "작성", attempt: 1 });
  add(1310, { type: "approval_required", node_id: "write", label: "작성", message: "예산 부족", approvers: ["owner"], kind: "budget", spent: 0.3, budget: 5, needed: 6 });
  add(4000, { type: "approval_resolved", node_id: "write", decision: "approved", by: "u", comment: null, kind: "budget", budget: 10 });
  add(4010, { type: "step_start", node_id: "write", label: "작성", attempt: 2 });
  add(4100, { type: "agent_streaming", node_id: "write", agent_slug: "w", chunk: "완성" });
  add(4110, { type: "agent_streaming", node_id: "write", agent_slug: "v", chunk: "다른 에이전트" });
  // The model client retried w's call inside attempt 2: only w's text starts over.
  add(4200, { type: "step_start", node_id: "write", label: "작성", attempt: 2, restarted: true, agent_slug: "w" });
  add(4300, { type: "agent_streaming", node_id: "write", agent_slug: "w", chunk: "다시 완성" });
  add(4500, { type: "credits_charged", node_id: "write", amount: 6, balance: 93.7, spent: 6.3, budget: 10 });
  add(4510, { type: "step_complete", node_id: "write", label: "작성", duration_ms: 500, cost: 6, input_tokens: 30, output_tokens: 40 });
  add(4520, { type: "step_skipped", node_id: "notify", label: "알림" });
  add(4600, { type: "execution_complete", status: "completed", total_cost: 6.3, duration_ms: 4600 });
  return ev;
}

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shuffle = <T,>(items: T[], random: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe("attempts, budget, clock and log", () => {
  const events = recorded();
  const done = reduceAll(initialState, events);
  const at = (seq: number) => events[seq - 1]!.ts;

  test("each node keeps its attempts with their start, end, status, error and cost", () => {
    expect(done.nodes.think?.attempts).toEqual([
      { attempt: 1, startedAt: at(4), endedAt: at(8), status: "failed", cost: 0.1, error: { code: "provider_error", message: "500" } },
      { attempt: 2, startedAt: at(9), endedAt: at(33), status: "completed", durationMs: 610, cost: 0.2 },
    ]);
    expect(done.nodes.check?.attempts).toEqual([
      { attempt: 1, startedAt: at(2), endedAt: at(3), status: "completed", durationMs: 120, cost: 0 },
    ]);
    expect(done.nodes.notify?.attempts).toEqual([]);
  });

  test("an attempt restarted mid-stream: text restarts empty, the node's fields are the last attempt's", () => {
    const failed = reduceAll(initialState, events.slice(0, 8));
    expect(failed.nodes.think).toMatchObject({ status: "running", willRetry: true, text: { a: "버려질 텍스트" } });
    const restarted = reduceAll(failed, events.slice(8, 9));
    expect(restarted.nodes.think?.text).toEqual({});
    expect(restarted.nodes.think?.attempts.map((a) => a.status)).toEqual(["failed", "running"]);
    expect(restarted.nodes.think?.attempts[1]?.endedAt).toBeUndefined();
    expect(done.nodes.think).toMatchObject({ status: "completed", attempt: 2, cost: 0.2, inputTokens: 10, outputTokens: 20 });
    expect(done.nodes.think?.text.a).toBe(Array.from({ length: 20 }, (_, i) => `조각${i} `).join(""));
    expect(done.nodes.think?.toolCalls).toEqual([{ mcp: "firecrawl", tool: "search", status: "completed", durationMs: 100 }]);
  });

  test("a budget wait that is raised ends its attempt; the step runs again as a new attempt", () => {
    const waiting = reduceAll(initialState, events.slice(0, 35));
    expect(waiting.nodes.write?.attempts).toEqual([{ attempt: 1, startedAt: at(34), status: "awaiting_approval" }]);
    expect(waiting.budget).toBe(5);
    expect(done.nodes.write?.attempts.map((a) => [a.attempt, a.status, a.endedAt])).toEqual([
      [1, "interrupted", at(36)],
      [2, "completed", at(43)],
    ]);
    expect(done.budget).toBe(10);
  });

  test("the spent total grows with every charge, failed attempts' included, and ends exact", () => {
    const spentAfter = (n: number) => reduceAll(initialState, events.slice(0, n)).totalCost;
    expect(spentAfter(6)).toBe(0);
    expect(spentAfter(7)).toBe(0.1); // the first attempt's call, before any node completed
    expect(spentAfter(31)).toBe(0.1);
    expect(spentAfter(32)).toBe(0.3);
    expect(spentAfter(41)).toBe(0.3);
    expect(spentAfter(42)).toBe(6.3);
    expect(done.totalCost).toBe(6.3);
    expect(done.charged).toBe(6.3);
  });

  test("start and end come from the events' ts; the last ts is kept for the clock", () => {
    expect(done.startedAt).toBe(at(1));
    expect(done.endedAt).toBe(at(events.length));
    expect(done.lastTs).toBe(at(events.length));
    expect(done.durationMs).toBe(4600);
  });

  test("the log holds every event once, in seq order", () => {
    expect(done.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });

  test("a call the model client restarted inside an attempt voids only that agent's text", () => {
    expect(done.nodes.write?.text).toEqual({ w: "다시 완성", v: "다른 에이전트" });
    expect(done.nodes.write?.attempts).toHaveLength(2);
    const restarted = reduceAll(initialState, events.slice(0, 40));
    expect(restarted.nodes.write).toMatchObject({ status: "running", attempt: 2, text: { w: "", v: "다른 에이전트" } });
    expect(restarted.nodes.write?.attempts.at(-1)).toEqual({ attempt: 2, startedAt: at(37), status: "running" });
  });

  test("a gate's attempt waits, then ends when it is decided: approved is completed, rejected failed", () => {
    const gate = (decision: "approved" | "rejected") =>
      reduceAll(initialState, [
        ...events.slice(0, 3),
        { type: "step_start", execution_id: E, seq: 4, ts: "2026-11-24T10:00:01.000Z", node_id: "approve", label: "회장 승인", attempt: 1 },
        { type: "approval_required", execution_id: E, seq: 5, ts: "2026-11-24T10:00:01.010Z", node_id: "approve", label: "회장 승인", message: "", approvers: ["owner"] },
        { type: "approval_resolved", execution_id: E, seq: 6, ts: "2026-11-24T10:00:09.000Z", node_id: "approve", decision, by: "u", comment: null },
      ]).nodes.approve?.attempts;
    expect(gate("approved")).toEqual([
      { attempt: 1, startedAt: "2026-11-24T10:00:01.000Z", endedAt: "2026-11-24T10:00:09.000Z", status: "completed" },
    ]);
    expect(gate("rejected")?.[0]?.status).toBe("failed");
  });

  test("open attempts end with the run: a cancelled run cancels them", () => {
    const cancelled = reduceAll(initialState, [
      ...events.slice(0, 9),
      { type: "execution_complete", execution_id: E, seq: 10, ts: "2026-11-24T10:00:01.000Z", status: "cancelled", total_cost: 0.1, duration_ms: 1000 },
    ]);
    expect(cancelled.nodes.think?.attempts.at(-1)).toMatchObject({ status: "cancelled", endedAt: "2026-11-24T10:00:01.000Z" });
  });

  test("withExecution: the GET's budget and start apply until an event says otherwise", () => {
    const execution = { budget: 500, started_at: "2026-11-24T09:59:59.000Z" } as Execution;
    const early = withExecution(initialState, execution);
    expect(early).toMatchObject({ budget: 500, startedAt: "2026-11-24T09:59:59.000Z" });
    expect(withExecution(initialState, { ...execution, budget: null })).toMatchObject({ budget: null });
    expect(withExecution(done, execution)).toBe(done);
    expect(withExecution(done, undefined)).toBe(done);
  });

  test("property: shuffled, duplicated and replayed deliveries give the clean pass's state", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = rng(seed);
      // Each event arrives once or more; a reconnect replays a random earlier stretch.
      const delivered = events.flatMap((e) => (random() < 0.3 ? [e, e] : [e]));
      const from = Math.floor(random() * events.length);
      delivered.push(...events.slice(from, from + Math.floor(random() * 10)));
      const order = shuffle(delivered, random);
      // Delivered in two connections: the second starts from whatever the first left.
      const cut = Math.floor(random() * order.length);
      const state = reduceAll(reduceAll(initialState, order.slice(0, cut)), order.slice(cut));
      expect(state, `seed ${seed}`).toEqual(done);
    }
  });

  test("property: any prefix of the clean order, then the rest shuffled, ends the same", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const random = rng(1000 + seed);
      const cut = Math.floor(random() * events.length);
      const midway = reduceAll(initialState, events.slice(0, cut));
      expect(midway.lastSeq).toBe(cut);
      expect(reduceAll(midway, shuffle(events, random)), `seed ${seed}`).toEqual(done);
    }
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
