import { useTranslation } from "react-i18next";
import type { LiveState } from "../live/reducer";
import { CostMeter } from "./CostMeter";
import { ElapsedTime } from "./ElapsedTime";

export function ExecutionSummary({ state, connected }: { state: LiveState; connected: boolean }) {
  const { t } = useTranslation();
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
        <dd>
          <CostMeter spent={state.totalCost} budget={state.budget} />
        </dd>
      </div>
      <div>
        <dt>{t("execution.duration")}</dt>
        <dd>
          <ElapsedTime state={state} />
        </dd>
      </div>
    </dl>
    <p className="connection" aria-live="polite">{connected ? t("execution.live") : ""}</p>
    </div>
  );
}
