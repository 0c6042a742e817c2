import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import type { LiveState } from "../live/reducer";

export function ExecutionSummary({ state, connected }: { state: LiveState; connected: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="summary-bar">
    <dl className="summary">
      <div>
        <dt>{t("execution.state")}</dt>
        <dd data-testid="execution-status" data-status={state.status}>
          {t(`execution.status.${state.status}`)}
        </dd>
      </div>
      <div>
        <dt>{t("execution.totalCost")}</dt>
        <dd data-testid="total-cost">{format.won(state.totalCost)}</dd>
      </div>
      {state.durationMs !== undefined && (
        <div>
          <dt>{t("execution.duration")}</dt>
          <dd>{format.duration(state.durationMs)}</dd>
        </div>
      )}
    </dl>
    <p className="connection" aria-live="polite">{connected ? t("execution.live") : ""}</p>
    </div>
  );
}
