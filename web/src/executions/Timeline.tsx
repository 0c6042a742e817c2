import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import { useFormat } from "../i18n/format";
import type { AttemptStatus, LiveState } from "../live/reducer";
import { axisEnd, ticking } from "./clock";
import { timelineModel, type TimelineBar } from "./timelineModel";
import { useNow } from "./useNow";

const LEGEND: AttemptStatus[] = ["completed", "failed", "running", "awaiting_approval", "interrupted"];

/**
 * The run as a Gantt chart: a row per node, a bar per attempt (retries side by side, failed ones
 * red), on an axis from the run's start. Running attempts grow every second. Each bar says its
 * node, attempt, duration and outcome in words, for screen readers and as a tooltip.
 */
export function Timeline({ graph, state }: { graph?: GraphDefinition; state: LiveState }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(ticking(state));
  const origin = state.startedAt ? Date.parse(state.startedAt) : undefined;
  const model = timelineModel(graph, state.nodes, origin, axisEnd(state, now));
  const pct = (ms: number) => `${(ms / model.span) * 100}%`;
  const describe = (label: string, bar: TimelineBar) =>
    t("timeline.bar", {
      label,
      attempt: bar.attempt,
      duration: format.duration(bar.durationMs),
      status: t(`timeline.status.${bar.status}`),
    }) + (bar.errorCode ? ` (${bar.errorCode})` : "");

  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("timeline.title")}</h2>
      <ul className="tl-legend" aria-label={t("timeline.legend")}>
        {LEGEND.map((status) => (
          <li key={status}>
            <span className={`tl-swatch attempt-${status}`} aria-hidden="true" />
            {t(`timeline.status.${status}`)}
          </li>
        ))}
      </ul>
      <ol className="tl-rows">
        {model.rows.map((row) => (
          <li key={row.nodeId} className="tl-row" data-node-id={row.nodeId}>
            <span className="tl-label" title={row.label}>
              {row.label}
            </span>
            <ol className="tl-track" aria-label={t("timeline.attemptsOf", { label: row.label })}>
              {row.bars.length === 0 && (
                <li className="tl-none">{t(`execution.step.${row.status}`)}</li>
              )}
              {row.bars.map((bar, i) => (
                <li
                  key={i}
                  className={`tl-bar attempt-${bar.status}${bar.open ? " tl-open" : ""}`}
                  data-attempt={bar.attempt}
                  data-status={bar.status}
                  style={{ left: pct(bar.start), width: pct(bar.end - bar.start) }}
                  title={describe(row.label, bar)}
                >
                  <span className="visually-hidden">{describe(row.label, bar)}</span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      <div className="tl-axis" aria-hidden="true">
        {model.ticks.map((tick) => (
          <span key={tick} style={{ left: pct(tick) }}>
            {tick === 0 ? "0" : format.duration(tick)}
          </span>
        ))}
      </div>
    </section>
  );
}
