// The state a stored execution (the GET) gives before or beside the stream's events.
import type { Execution, StepStatus } from "../api/types";
import { emptyNode, initialState, type Attempt, type AttemptStatus, type LiveState, type NodeState } from "./state";

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
