import type { StepStatus } from "../api/types";

/** The mock-up's marks: ✅ done, ⏳ running, ⬜ waiting. */
export const statusIcon: Record<StepStatus, string> = {
  pending: "⬜",
  running: "⏳",
  completed: "✅",
  failed: "❌",
  skipped: "⏭️",
  awaiting_approval: "✋",
};
