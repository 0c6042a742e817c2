// One reducer from the event stream to what the monitor shows. Events are applied strictly in seq
// order: a duplicate (seq already applied) is dropped, an early one (a gap before it) waits in
// `pending` until the gap is filled, so replays after a reconnect and out-of-order delivery give
// the same state as one clean pass.
import type { Execution, ExecutionStatus, StepError, StepStatus } from "../api/types";
import type { ExecutionEvent } from "./events";

export interface ToolCall {
  mcp: string;
  tool: string;
  status: "started" | "completed" | "failed";
  durationMs?: number;
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
}

export interface LiveState {
  /** Highest seq applied; the reconnect sends it as `after`. */
  lastSeq: number;
  pending: Record<number, ExecutionEvent>;
  status: ExecutionStatus;
  totalCost: number;
  durationMs?: number;
  error?: StepError;
  nodes: Record<string, NodeState>;
}

export const emptyNode = (): NodeState => ({ status: "pending", attempt: 0, text: {}, toolCalls: [] });

export const initialState: LiveState = {
  lastSeq: 0,
  pending: {},
  status: "queued",
  totalCost: 0,
  nodes: {},
};

/** The state a stored execution describes, before any event (a run opened after it ended). */
export function fromExecution(execution: Execution): LiveState {
  const nodes: Record<string, NodeState> = {};
  for (const step of execution.steps) {
    nodes[step.node_id] = {
      ...emptyNode(),
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
    durationMs: execution.duration_ms ?? undefined,
    error: execution.error ?? undefined,
    nodes,
  };
}

export function reduce(state: LiveState, event: ExecutionEvent): LiveState {
  if (event.seq <= state.lastSeq || state.pending[event.seq]) return state;
  if (event.seq > state.lastSeq + 1) {
    return { ...state, pending: { ...state.pending, [event.seq]: event } };
  }
  let next = apply({ ...state, lastSeq: event.seq }, event);
  // Drain whatever was waiting for this gap.
  let waiting = next.pending[next.lastSeq + 1];
  while (waiting) {
    const { [waiting.seq]: _drained, ...rest } = next.pending;
    next = apply({ ...next, lastSeq: waiting.seq, pending: rest }, waiting);
    waiting = next.pending[next.lastSeq + 1];
  }
  return next;
}

export const reduceAll = (state: LiveState, events: ExecutionEvent[]): LiveState =>
  events.reduce(reduce, state);

function apply(state: LiveState, event: ExecutionEvent): LiveState {
  switch (event.type) {
    case "execution_start":
      return { ...state, status: isEnded(state.status) ? state.status : "running" };
    case "step_start":
      // A new attempt starts from scratch: the text of a failed attempt is not the answer. After a
      // failed end, a step starting means the execution was retried (which sends no new
      // execution_start): it runs again.
      return node(state.status === "failed" ? { ...state, status: "running" } : state, event.node_id, () => ({
        ...emptyNode(),
        status: "running",
        label: event.label,
        attempt: event.attempt,
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
      }));
    case "step_skipped":
      return node(state, event.node_id, (n) => ({ ...n, status: "skipped", label: event.label }));
    case "approval_required":
      return {
        ...node(state, event.node_id, (n) => ({
          ...n,
          status: "awaiting_approval",
          label: event.label,
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
      };
    case "approval_resolved":
      return {
        ...node(state, event.node_id, (n) => ({
          ...n,
          status: event.decision === "approved" ? "completed" : "failed",
          approval: undefined,
        })),
        status: event.decision === "approved" ? "running" : state.status,
      };
    case "credits_charged":
      return state;
    case "execution_complete":
      return {
        ...state,
        status: event.status,
        totalCost: event.total_cost,
        durationMs: event.duration_ms,
        error: event.error,
      };
  }
}

function node(
  state: LiveState,
  id: string,
  change: (current: NodeState) => NodeState,
): LiveState {
  const current = state.nodes[id] ?? emptyNode();
  const nodes = { ...state.nodes, [id]: change(current) };
  // The running total is the sum of completed nodes until execution_complete says it exactly.
  const totalCost = isEnded(state.status) ? state.totalCost : sumCost(nodes);
  return { ...state, nodes, totalCost };
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

export function isEnded(status: ExecutionStatus): boolean {
  return ["completed", "failed", "cancelled", "rejected"].includes(status);
}
