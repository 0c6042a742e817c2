// One line per event for the raw event log.
import type { TFunction } from "i18next";
import type { formatters } from "../i18n/format";
import type { ExecutionEvent } from "../live/events";

const MAX = 120;

/** Whitespace collapsed, and cut with an ellipsis past MAX characters. */
export const short = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
};

export function eventSummary(
  event: ExecutionEvent,
  t: TFunction,
  format: ReturnType<typeof formatters>,
): string {
  const s = (key: string, values?: Record<string, unknown>) => t(`events.summary.${key}`, values);
  switch (event.type) {
    case "execution_start":
      return s("execution_start", { version: event.pipeline_version });
    case "step_start":
      return event.restarted
        ? s("step_restart", { attempt: event.attempt, agent: event.agent_slug ?? "" })
        : s("step_start", { attempt: event.attempt });
    case "agent_streaming":
      return short(`${event.agent_slug}: ${event.chunk}`);
    case "tool_call":
      return (
        `${event.mcp}.${event.tool} ${s(`tool.${event.status}`)}` +
        (event.duration_ms !== undefined ? ` · ${format.duration(event.duration_ms)}` : "")
      );
    case "step_complete":
      return s("step_complete", {
        duration: format.duration(event.duration_ms),
        cost: format.won(event.cost),
        input: format.number(event.input_tokens),
        output: format.number(event.output_tokens),
      });
    case "step_failed":
      return short(
        s(event.will_retry ? "step_retry" : "step_failed", {
          attempt: event.attempt,
          code: event.error.code,
          message: event.error.message,
        }),
      );
    case "step_skipped":
      return s("step_skipped");
    case "approval_required":
      return short(event.message || s("approval_required"));
    case "approval_resolved":
      return short(s(`approval.${event.decision}`) + (event.comment ? `: ${event.comment}` : ""));
    case "credits_charged":
      return s("credits_charged", { amount: format.won(event.amount), balance: format.won(event.balance) });
    case "execution_complete":
      return s("execution_complete", {
        status: t(`execution.status.${event.status}`),
        cost: format.won(event.total_cost),
        duration: format.duration(event.duration_ms),
      });
  }
}
