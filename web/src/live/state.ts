// What the monitor shows of a run: the state the live reducer (reducer.ts) keeps.
import type { ExecutionStatus, StepError, StepStatus } from "../api/types";
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


export function isEnded(status: ExecutionStatus): boolean {
  return ["completed", "failed", "cancelled", "rejected"].includes(status);
}

/** Money to the contract's 4 decimals, so sums of binary fractions do not drift (0.1 + 0.2). */
export const money = (amount: number) => Math.round(amount * 10_000) / 10_000;
