// What waits for a decision in a workspace: the executions awaiting approval as fetched, kept up
// to date by the workspace stream between fetches (approval_required adds, approval_resolved and
// execution_complete remove), so the badge moves the moment something is asked or decided.
import type { Execution, Role } from "../api/types";

export interface WaitingApproval {
  executionId: string;
  /** Unknown for an approval learned from the stream until the next fetch fills it in. */
  pipelineId?: string;
  nodeId: string;
  label: string;
  kind: "gate" | "budget";
  requestedAt: string;
}

/** The workspace stream's events (a subset of events.md: the four it carries). */
export type WorkspaceEvent = { execution_id: string; seq: number; ts: string } & (
  | { type: "execution_start"; pipeline_id: string }
  | { type: "execution_complete"; status: string }
  | { type: "approval_required"; node_id: string; label: string; kind?: "gate" | "budget" }
  | { type: "approval_resolved"; node_id: string }
);

export function waitingFromExecutions(executions: Execution[]): WaitingApproval[] {
  return executions.flatMap((e) =>
    e.pending_approvals.map((p) => ({
      executionId: e.id,
      pipelineId: e.pipeline_id,
      nodeId: p.node_id,
      label: p.label,
      kind: p.kind ?? "gate",
      requestedAt: p.requested_at,
    })),
  );
}

export function applyWorkspaceEvent(
  waiting: WaitingApproval[],
  event: WorkspaceEvent,
): WaitingApproval[] {
  const same = (w: WaitingApproval, node: string) =>
    w.executionId === event.execution_id && w.nodeId === node;
  switch (event.type) {
    case "approval_required":
      // A replayed or duplicated event must not count twice.
      if (waiting.some((w) => same(w, event.node_id))) return waiting;
      return [
        ...waiting,
        {
          executionId: event.execution_id,
          pipelineId: waiting.find((w) => w.executionId === event.execution_id)?.pipelineId,
          nodeId: event.node_id,
          label: event.label,
          kind: event.kind ?? "gate",
          requestedAt: event.ts,
        },
      ];
    case "approval_resolved":
      return waiting.filter((w) => !same(w, event.node_id));
    case "execution_complete":
      return waiting.filter((w) => w.executionId !== event.execution_id);
    case "execution_start":
      return waiting;
  }
}

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** As the server decides: a role may approve if it is at least one of the approver roles. */
export function mayApprove(role: Role | undefined, approvers: string[]): boolean {
  if (!role) return false;
  return approvers.some((a) => a in rank && rank[role] >= rank[a as Role]);
}
