import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";

/** Past this share of the budget the meter warns. */
const WARN = 0.8;

/**
 * 총 비용: what the run has spent, and, when it has a budget, a meter of it against the budget
 * (₩120 / ₩500). Without a budget, just the amount.
 */
export function CostMeter({ spent, budget }: { spent: number; budget?: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount = <span data-testid="total-cost">{format.won(spent)}</span>;
  if (budget === undefined || budget === null || budget <= 0) return amount;
  const share = Math.min(1, spent / budget);
  const text = t("execution.costOfBudget", { spent: format.won(spent), budget: format.won(budget) });
  return (
    <span className="cost-meter">
      {amount}
      <span className="cost-budget"> / {format.won(budget)}</span>
      <span
        role="meter"
        aria-label={t("execution.budgetMeter")}
        aria-valuemin={0}
        aria-valuemax={budget}
        aria-valuenow={Math.min(spent, budget)}
        aria-valuetext={text}
        data-testid="cost-meter"
        className={`meter ${share >= WARN ? "meter-warn" : ""}`}
        title={text}
      >
        <span className="meter-fill" style={{ width: `${share * 100}%` }} />
      </span>
    </span>
  );
}
