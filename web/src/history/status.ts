import type { ExecutionStatus } from "../api/types";

/** An execution's mark, always shown next to its word (the mark alone is not the status). */
export const executionIcon: Record<ExecutionStatus, string> = {
  queued: "🕒",
  running: "⏳",
  awaiting_approval: "✋",
  completed: "✅",
  failed: "❌",
  cancelled: "⏹️",
  rejected: "🚫",
};
