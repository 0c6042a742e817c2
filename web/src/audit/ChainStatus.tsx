import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import type { ChainVerification } from "./api";
import { chainState } from "./model";

/** The chain's verification: valid with how many entries it checked, or where it first breaks. */
export function ChainStatus({
  verification,
  error,
  pending,
  onShowBad,
  onRecheck,
}: {
  verification: ChainVerification | undefined;
  error: unknown;
  pending: boolean;
  onShowBad: (seq: number) => void;
  onRecheck: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = verification ? chainState(verification) : undefined;
  return (
    <section
      className={`chain-status ${state?.state ?? ""}`}
      aria-labelledby="chain-title"
      data-testid="chain-status"
      data-state={state?.state ?? "unknown"}
    >
      <h2 id="chain-title">{t("audit.chain.title")}</h2>
      <ProblemMessage error={error} />
      {pending && <p>{t("audit.chain.checking")}</p>}
      {state?.state === "valid" && (
        <p role="status">
          <span aria-hidden="true">✅ </span>
          {t("audit.chain.valid", { count: state.entries, entries: format.number(state.entries) })}
          {state.pending > 0 &&
            ` ${t("audit.chain.pending", { count: state.pending, pending: format.number(state.pending) })}`}
        </p>
      )}
      {state?.state === "stalled" && (
        <div role="alert">
          <p>
            <span aria-hidden="true">⚠️ </span>
            {t("audit.chain.stalled", { count: state.stale, stale: format.number(state.stale) })}
          </p>
          <p className="muted">{t("audit.chain.stalledWhy")}</p>
        </div>
      )}
      {state?.state === "unchecked" && (
        <div role="alert">
          <p>
            <span aria-hidden="true">⚠️ </span>
            {t("audit.chain.unchecked", {
              count: state.unverified,
              unverified: format.number(state.unverified),
              versions: state.missingKeys.join(", ") || "-",
            })}
          </p>
          <p className="muted">{t("audit.chain.uncheckedWhy")}</p>
        </div>
      )}
      {state?.state === "broken" && (
        <div role="alert">
          <p>
            <span aria-hidden="true">❌ </span>
            {t("audit.chain.broken", { seq: state.firstBadSeq, entries: format.number(state.entries) })}
          </p>
          <p className="muted">{t("audit.chain.brokenWhy")}</p>
        </div>
      )}
      <div className="chain-actions">
        {state?.state === "broken" && (
          <button type="button" onClick={() => onShowBad(state.firstBadSeq)}>
            {t("audit.chain.showBad", { seq: state.firstBadSeq })}
          </button>
        )}
        <button type="button" className="recheck" onClick={onRecheck} disabled={pending}>
          {t("audit.chain.recheck")}
        </button>
      </div>
    </section>
  );
}
