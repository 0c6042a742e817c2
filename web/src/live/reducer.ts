// One reducer from the event stream to what the monitor shows. Events are applied strictly in seq
// order: a duplicate (seq already applied) is dropped, an early one (a gap before it) waits in
// `pending` until the gap is filled, so replays after a reconnect and out-of-order delivery give
// the same state as one clean pass. Times come from the events' `ts` (the server's clock), never
// from when they arrived, for the same reason.
import type { Execution, ExecutionStatus, StepError, StepStatus } from "../api/types";
import type { ExecutionEvent } from "./events";

export interface ToolCall {
  mcp: string;
  tool: string;
  status: "started" | "completed" | "failed";
  durationMs?: number;
}

/**
 * How one attempt of a node ended: `interrupted` when it ended without a result and the node ran
 * again (a budget raised after a wait, the work of a stopped instance taken over), `cancelled` when
 * the run ended around it.
 */
export type AttemptStatus =
  | "running"
  | "awaiting_approval"
  | "completed"
  | "failed"
  | "interrupted"
  | "cancelled";

/** One attempt of a node, for the timeline: retries are separate attempts. */
export interface Attempt {
  attempt: number;
  startedAt: string;
  /** Absent while the attempt runs or waits. */
  endedAt?: string;
  status: AttemptStatus;
  /** The server's measure (step_complete); otherwise endedAt - startedAt. */
  durationMs?: number;
  /** What this attempt's calls were charged (credits_charged), failed attempts included. */
  cost?: number;
  error?: StepError;
}

export interface NodeState {
  status: StepStatus;
  label?: string;
  attempt: number;
  durationMs?: number;
  cost?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Streamed text of the current attempt, per agent (parallel agents stream side by side). */
  text: Record<string, string>;
  toolCalls: ToolCall[];
  error?: StepError;
  willRetry?: boolean;
  approval?: {
    message: string;
    approvers: string[];
    kind: "gate" | "budget";
    spent?: number;
    budget?: number;
    needed?: number;
  };
  /** Every attempt in the order they started (a retry-from-failed may repeat attempt numbers). */
  attempts: Attempt[];
}

export interface LiveState {
  /** Highest seq applied; the reconnect sends it as `after`. */
  lastSeq: number;
  pending: Record<number, ExecutionEvent>;
  status: ExecutionStatus;
  /**
   * What the run has spent: while it runs, what credits_charged reported (failed attempts' calls
   * included), never less than the completed nodes' costs; exactly execution_complete's total_cost
   * once it ended.
   */
  totalCost: number;
  /** Sum of credits_charged amounts, or the run's `spent` they report when larger. */
  charged: number;
  /**
   * The most the run may spend: null when unlimited, undefined while no event has said (then the
   * execution GET's `budget` applies, see withExecution).
   */
  budget?: number | null;
  /** execution_start's ts (the execution GET's started_at until it arrives). */
  startedAt?: string;
  /** execution_complete's ts. */
  endedAt?: string;
  /** The ts of the last applied event: a ticking clock never shows less than this. */
  lastTs?: string;
  durationMs?: number;
  error?: StepError;
  nodes: Record<string, NodeState>;
  /** Every applied event in seq order: the raw log of the run. */
  events: ExecutionEvent[];
}

export const emptyNode = (): NodeState => ({
  status: "pending",
  attempt: 0,
  text: {},
  toolCalls: [],
  attempts: [],
});

export const initialState: LiveState = {
  lastSeq: 0,
  pending: {},
  status: "queued",
  totalCost: 0,
  charged: 0,
  nodes: {},
  events: [],
};

/** The state a stored execution describes, before any event (a run opened after it ended). */
export function fromExecution(execution: Execution): LiveState {
  const nodes: Record<string, NodeState> = {};
  for (const step of execution.steps) {
    const attempts: Attempt[] = step.started_at
      ? [
          {
            attempt: step.attempt,
            startedAt: step.started_at,
            endedAt: step.finished_at ?? undefined,
            status: attemptStatusOf(step.status),
            durationMs: step.duration_ms ?? undefined,
            cost: step.cost ?? undefined,
            error: step.error ?? undefined,
          },
        ]
      : [];
    nodes[step.node_id] = {
      ...emptyNode(),
      attempts,
      status: step.status,
      label: step.label,
      attempt: step.attempt,
      durationMs: step.duration_ms ?? undefined,
      cost: step.cost ?? undefined,
      inputTokens: step.input_tokens ?? undefined,
      outputTokens: step.output_tokens ?? undefined,
      error: step.error ?? undefined,
    };
  }
  return {
    ...initialState,
    status: execution.status,
    totalCost: execution.total_cost ?? 0,
    charged: execution.total_cost ?? 0,
    budget: execution.budget,
    startedAt: execution.started_at ?? undefined,
    endedAt: execution.finished_at ?? undefined,
    durationMs: execution.duration_ms ?? undefined,
    error: execution.error ?? undefined,
    nodes,
  };
}

const attemptStatusOf = (status: StepStatus): AttemptStatus =>
  status === "pending" || status === "skipped" ? "cancelled" : status;

/**
 * The stream's state with what only the execution GET knows until an event says it: the budget
 * set at the start and the start time. The events win (a raised budget arrives as an event).
 */
export function withExecution(state: LiveState, execution: Execution | undefined): LiveState {
  if (!execution) return state;
  const budget = state.budget !== undefined ? state.budget : (execution.budget ?? null);
  const startedAt = state.startedAt ?? execution.started_at ?? undefined;
  if (budget === state.budget && startedAt === state.startedAt) return state;
  return { ...state, budget, startedAt };
}

export function reduce(state: LiveState, event: ExecutionEvent): LiveState {
  if (event.seq <= state.lastSeq || state.pending[event.seq]) return state;
  if (event.seq > state.lastSeq + 1) {
    return { ...state, pending: { ...state.pending, [event.seq]: event } };
  }
  let next = step({ ...state, lastSeq: event.seq }, event);
  // Drain whatever was waiting for this gap.
  let waiting = next.pending[next.lastSeq + 1];
  while (waiting) {
    const { [waiting.seq]: _drained, ...rest } = next.pending;
    next = step({ ...next, lastSeq: waiting.seq, pending: rest }, waiting);
    waiting = next.pending[next.lastSeq + 1];
  }
  return next;
}

/** Applies one event in its turn: the log, the clock, the event itself, then the spent total. */
function step(state: LiveState, event: ExecutionEvent): LiveState {
  const next = apply(
    { ...state, events: [...state.events, event], lastTs: event.ts },
    event,
  );
  // The running total until execution_complete says it exactly.
  if (isEnded(next.status)) return next;
  return { ...next, totalCost: money(Math.max(sumCost(next.nodes), next.charged)) };
}

export const reduceAll = (state: LiveState, events: ExecutionEvent[]): LiveState =>
  events.reduce(reduce, state);

function apply(state: LiveState, event: ExecutionEvent): LiveState {
  switch (event.type) {
    case "execution_start":
      return {
        ...state,
        status: isEnded(state.status) ? state.status : "running",
        startedAt: state.startedAt ?? event.ts,
      };
    case "step_start":
      if (event.restarted && event.agent_slug !== undefined) {
        // One agent's call started over within the attempt: only its text starts again.
        const slug = event.agent_slug;
        return node(state, event.node_id, (n) => ({ ...n, text: { ...n.text, [slug]: "" } }));
      }
      // A new attempt starts from scratch: the text of a failed attempt is not the answer. Its
      // history stays: an attempt still open ended without a result when this one began. After a
      // failed end, a step starting means the execution was retried (which sends no new
      // execution_start): it runs again.
      return node(retried(state), event.node_id, (n) => ({
        ...emptyNode(),
        status: "running",
        label: event.label,
        attempt: event.attempt,
        attempts: [
          ...closeOpen(n.attempts, event.ts, "interrupted"),
          { attempt: event.attempt, startedAt: event.ts, status: "running" },
        ],
      }));
    case "agent_streaming":
      return node(state, event.node_id, (n) => ({
        ...n,
        text: { ...n.text, [event.agent_slug]: (n.text[event.agent_slug] ?? "") + event.chunk },
      }));
    case "tool_call":
      return node(state, event.node_id, (n) => ({
        ...n,
        toolCalls: upsertTool(n.toolCalls, {
          mcp: event.mcp,
          tool: event.tool,
          status: event.status,
          durationMs: event.duration_ms,
        }),
      }));
    case "step_complete":
      return node(state, event.node_id, (n) => ({
        ...n,
        status: "completed",
        label: event.label,
        durationMs: event.duration_ms,
        cost: event.cost,
        inputTokens: event.input_tokens,
        outputTokens: event.output_tokens,
        error: undefined,
        willRetry: undefined,
        attempts: endAttempt(n.attempts, event.ts, undefined, {
          status: "completed",
          durationMs: event.duration_ms,
          cost: event.cost,
          // A node seen only from its end (no step_start in the log) started duration_ms before.
          startedAt: new Date(Date.parse(event.ts) - event.duration_ms).toISOString(),
        }),
      }));
    case "step_failed":
      return node(state, event.node_id, (n) => ({
        ...n,
        // A failure that will be retried leaves the node running: the next attempt follows.
        status: event.will_retry ? "running" : "failed",
        label: event.label,
        attempt: event.attempt,
        error: event.error,
        willRetry: event.will_retry,
        attempts: endAttempt(n.attempts, event.ts, event.attempt, {
          status: "failed",
          error: event.error,
        }),
      }));
    case "step_skipped":
      return node(state, event.node_id, (n) => ({ ...n, status: "skipped", label: event.label }));
    case "approval_required":
      return {
        ...node(state, event.node_id, (n) => ({
          ...n,
          status: "awaiting_approval",
          label: event.label,
          attempts: waitAttempt(n.attempts, event.ts),
          approval: {
            message: event.message,
            approvers: event.approvers,
            kind: event.kind ?? "gate",
            spent: event.spent,
            budget: event.budget,
            needed: event.needed,
          },
        })),
        status: "awaiting_approval",
        budget: event.kind === "budget" && event.budget !== undefined ? event.budget : state.budget,
      };
    case "approval_resolved": {
      const approved = event.decision === "approved";
      const budgetWait = event.kind === "budget";
      return {
        ...node(state, event.node_id, (n) => ({
          ...n,
          status: approved ? "completed" : "failed",
          approval: undefined,
          // A gate's decision ends it; a raised budget lets the step start again as a new attempt.
          attempts: closeOpen(
            n.attempts,
            event.ts,
            approved ? (budgetWait ? "interrupted" : "completed") : "failed",
          ),
        })),
        status: approved ? "running" : state.status,
        budget: budgetWait && approved && event.budget !== undefined ? event.budget : state.budget,
      };
    }
    case "credits_charged":
      return {
        ...node(state, event.node_id, (n) => ({
          ...n,
          attempts: chargeAttempt(n.attempts, event.amount),
        })),
        charged: money(Math.max(state.charged + event.amount, event.spent ?? 0)),
        budget: event.budget !== undefined ? event.budget : state.budget,
      };
    case "execution_complete": {
      const ending: AttemptStatus = event.status === "completed" ? "interrupted" : "cancelled";
      const nodes: Record<string, NodeState> = {};
      for (const [id, n] of Object.entries(state.nodes)) {
        const attempts = closeOpen(n.attempts, event.ts, ending);
        nodes[id] = attempts === n.attempts ? n : { ...n, attempts };
      }
      return {
        ...state,
        nodes,
        status: event.status,
        totalCost: event.total_cost,
        durationMs: event.duration_ms,
        endedAt: event.ts,
        error: event.error,
      };
    }
  }
}

const isOpen = (a: Attempt) => a.status === "running" || a.status === "awaiting_approval";

/** Ends every open attempt at `ts` with `status`; the same array when none was open. */
function closeOpen(attempts: Attempt[], ts: string, status: AttemptStatus): Attempt[] {
  if (!attempts.some(isOpen)) return attempts;
  return attempts.map((a) => (isOpen(a) ? { ...a, endedAt: ts, status } : a));
}

/**
 * Ends the attempt an end event speaks of: the open one with that number (or the last open one);
 * with none open, the attempt is known only from its end and is added.
 */
function endAttempt(
  attempts: Attempt[],
  ts: string,
  number: number | undefined,
  end: Partial<Attempt> & { status: AttemptStatus },
): Attempt[] {
  const open = attempts.map((a, i) => (isOpen(a) ? i : -1)).filter((i) => i >= 0);
  const numbered = open.filter((i) => attempts[i]!.attempt === number);
  const index = numbered.at(-1) ?? open.at(-1);
  const { startedAt, ...rest } = end;
  if (index === undefined) {
    return [
      ...attempts,
      {
        attempt: number ?? (attempts.at(-1)?.attempt ?? 0) + 1,
        startedAt: startedAt ?? ts,
        endedAt: ts,
        ...rest,
      },
    ];
  }
  return attempts.map((a, i) => (i === index ? { ...a, endedAt: ts, ...rest } : a));
}

function waitAttempt(attempts: Attempt[], ts: string): Attempt[] {
  const last = attempts.at(-1);
  if (!last || !isOpen(last)) {
    return [...attempts, { attempt: (last?.attempt ?? 0) + 1, startedAt: ts, status: "awaiting_approval" }];
  }
  return [...attempts.slice(0, -1), { ...last, status: "awaiting_approval" }];
}

/**
 * A charge belongs to the open attempt that made the call (the server charges before it says the
 * attempt ended). An ended attempt's cost is already its step_complete's: nothing is added twice.
 */
function chargeAttempt(attempts: Attempt[], amount: number): Attempt[] {
  let target = -1;
  for (let i = attempts.length - 1; i >= 0 && target < 0; i--) {
    if (isOpen(attempts[i]!)) target = i;
  }
  if (target < 0) return attempts;
  return attempts.map((a, i) => (i === target ? { ...a, cost: money((a.cost ?? 0) + amount) } : a));
}

/** Money to the contract's 4 decimals, so sums of binary fractions do not drift (0.1 + 0.2). */
const money = (amount: number) => Math.round(amount * 10_000) / 10_000;

function node(
  state: LiveState,
  id: string,
  change: (current: NodeState) => NodeState,
): LiveState {
  const current = state.nodes[id] ?? emptyNode();
  return { ...state, nodes: { ...state.nodes, [id]: change(current) } };
}

function sumCost(nodes: Record<string, NodeState>): number {
  return Object.values(nodes).reduce((total, n) => total + (n.cost ?? 0), 0);
}

function upsertTool(calls: ToolCall[], call: ToolCall): ToolCall[] {
  const open = calls.findIndex(
    (c) => c.mcp === call.mcp && c.tool === call.tool && c.status === "started",
  );
  if (call.status === "started" || open < 0) return [...calls, call];
  return calls.map((c, i) => (i === open ? call : c));
}

function retried(state: LiveState): LiveState {
  return state.status === "failed" ? { ...state, status: "running", endedAt: undefined } : state;
}

export function isEnded(status: ExecutionStatus): boolean {
  return ["completed", "failed", "cancelled", "rejected"].includes(status);
}
