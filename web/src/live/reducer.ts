// One reducer from the event stream to what the monitor shows. Events are applied strictly in seq
// order: a duplicate (seq already applied) is dropped, an early one (a gap before it) waits in
// `pending` until the gap is filled, so replays after a reconnect and out-of-order delivery give
// the same state as one clean pass. Times come from the events' `ts` (the server's clock), never
// from when they arrived, for the same reason.
import type { ExecutionEvent } from "./events";
import { chargeAttempt, closeOpen, endAttempt, waitAttempt } from "./attempts";
import {
  emptyNode,
  isEnded,
  money,
  type AttemptStatus,
  type LiveState,
  type NodeState,
  type ToolCall,
} from "./state";

export * from "./state";
export { fromExecution, withExecution } from "./stored";

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
