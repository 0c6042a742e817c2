// Which of re-run, retry and cancel an execution offers: by its status, and only to roles that may
// run pipelines (the server answers a viewer 403 for all three; a viewer is offered none).
import type { Execution, ExecutionStatus, Role } from "../api/types";

export type ExecutionAction = "rerun" | "retry" | "cancel";

const ACTIVE: ExecutionStatus[] = ["queued", "running", "awaiting_approval"];

export function actionsFor(status: ExecutionStatus, role: Role | undefined): ExecutionAction[] {
  if (!role || role === "viewer") return [];
  const actions: ExecutionAction[] = ["rerun"];
  if (status === "failed") actions.push("retry");
  if (ACTIVE.includes(status)) actions.push("cancel");
  return actions;
}

/** Why the chosen executions cannot be compared (an i18n key under history.compareBlocked), if so. */
export function compareBlocker(chosen: Execution[]): "pickTwo" | "samePipeline" | null {
  if (chosen.length !== 2) return "pickTwo";
  if (chosen[0]!.pipeline_id !== chosen[1]!.pipeline_id) return "samePipeline";
  return null;
}
