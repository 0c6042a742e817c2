// Pure helpers of the node inspector: how values print, and each attempt of a step.
import type { ModelCallRecord, StepError, StepStatus, ToolCallRecord } from "../../api/types";

/** Text as it is; anything else as indented JSON; nothing for null or undefined. */
export function pretty(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

export interface AttemptRow {
  attempt: number;
  status: "completed" | "failed" | "running" | "waiting";
  /** The step keeps only the latest attempt's error; earlier ones come from the live stream. */
  error?: StepError;
  modelCalls: number;
  toolCalls: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * One row per attempt, 1 to `attempt`: an earlier attempt was tried again, so it failed; the
 * latest carries the step's status and error. Calls and usage come from the step's records.
 */
export function attemptsOf(step: {
  attempt: number;
  status: StepStatus;
  error?: StepError | null;
  modelCalls?: ModelCallRecord[];
  toolCalls?: ToolCallRecord[];
  /** Errors of earlier attempts by number, as the event stream told them (step_failed). */
  earlierErrors?: Record<number, StepError | undefined>;
}): AttemptRow[] {
  const rows: AttemptRow[] = [];
  for (let n = 1; n <= step.attempt; n++) {
    const calls = (step.modelCalls ?? []).filter((c) => c.attempt === n);
    const latest = n === step.attempt;
    rows.push({
      attempt: n,
      status: latest ? latestStatus(step.status) : "failed",
      error: latest ? (step.error ?? undefined) : step.earlierErrors?.[n],
      modelCalls: calls.length,
      toolCalls: (step.toolCalls ?? []).filter((c) => c.attempt === n).length,
      cost: calls.reduce((sum, c) => sum + (c.cost ?? 0), 0),
      inputTokens: calls.reduce((sum, c) => sum + (c.input_tokens ?? 0), 0),
      outputTokens: calls.reduce((sum, c) => sum + (c.output_tokens ?? 0), 0),
    });
  }
  return rows;
}

function latestStatus(status: StepStatus): AttemptRow["status"] {
  switch (status) {
    case "completed":
    case "skipped":
      return "completed";
    case "failed":
      return "failed";
    case "awaiting_approval":
      return "waiting";
    default:
      return "running";
  }
}
