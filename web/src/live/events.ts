// The execution events of ../shared/contract/events.md.
import type { ExecutionStatus, StepError } from "../api/types";

interface Envelope {
  execution_id: string;
  seq: number;
  ts: string;
}

export type ExecutionEvent = Envelope &
  (
    | { type: "execution_start"; pipeline_id: string; pipeline_version: number }
    | {
        type: "step_start";
        node_id: string;
        label: string;
        attempt: number;
        /**
         * The service's addition: one agent's call started over inside the same attempt (the
         * model client retried it); that agent's streamed text so far is void.
         */
        restarted?: boolean;
        agent_slug?: string;
      }
    | { type: "agent_streaming"; node_id: string; agent_slug: string; chunk: string }
    | {
        type: "tool_call";
        node_id: string;
        mcp: string;
        tool: string;
        status: "started" | "completed" | "failed";
        duration_ms?: number;
      }
    | {
        type: "step_complete";
        node_id: string;
        label: string;
        duration_ms: number;
        cost: number;
        input_tokens: number;
        output_tokens: number;
      }
    | {
        type: "step_failed";
        node_id: string;
        label: string;
        attempt: number;
        error: StepError;
        will_retry: boolean;
      }
    | { type: "step_skipped"; node_id: string; label: string }
    | {
        type: "approval_required";
        node_id: string;
        label: string;
        message: string;
        approvers: string[];
        /** Absent on gates; budget approvals carry what was spent, the budget, what is needed. */
        kind?: "gate" | "budget";
        spent?: number;
        budget?: number;
        needed?: number;
      }
    | {
        type: "approval_resolved";
        node_id: string;
        decision: "approved" | "rejected";
        by: string | null;
        comment: string | null;
        /** Budget approvals: `kind: "budget"`, and the raised budget when approved. */
        kind?: "gate" | "budget";
        budget?: number;
      }
    | {
        type: "credits_charged";
        node_id: string;
        amount: number;
        balance: number;
        /** What the run had spent once this call was paid, and its budget (null: unlimited). */
        spent?: number;
        budget?: number | null;
      }
    | {
        type: "execution_complete";
        status: ExecutionStatus;
        total_cost: number;
        duration_ms: number;
        error?: StepError;
      }
  );
