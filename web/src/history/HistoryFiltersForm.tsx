import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { ExecutionStatus, Pipeline } from "../api/types";
import { STATUSES, type HistoryFilters } from "./filters";

/** Pipeline, status and a date range; every change applies at once (and lands in the URL). */
export function HistoryFiltersForm({
  filters,
  pipelines,
  onChange,
}: {
  filters: HistoryFilters;
  pipelines: Pipeline[];
  onChange: (filters: HistoryFilters) => void;
}) {
  const { t } = useTranslation();
  const set = (change: Partial<HistoryFilters>) => {
    const next: HistoryFilters = { ...filters, ...change };
    for (const k of Object.keys(next) as (keyof HistoryFilters)[]) if (!next[k]) delete next[k];
    onChange(next);
  };
  const any = Object.keys(filters).length > 0;
  const id = useId();
  return (
    <form role="search" aria-label={t("history.filters")} className="history-filters" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-pipeline`}>{t("history.pipeline")}</label>
        <select id={`${id}-pipeline`} value={filters.pipeline ?? ""} onChange={(e) => set({ pipeline: e.target.value })}>
          <option value="">{t("history.allPipelines")}</option>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t("history.status")}</label>
        <select
          id={`${id}-status`}
          value={filters.status ?? ""}
          onChange={(e) => set({ status: (e.target.value || undefined) as ExecutionStatus | undefined })}
        >
          <option value="">{t("history.allStatuses")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`execution.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t("history.from")}</label>
        <input id={`${id}-from`} type="date" value={filters.from ?? ""} max={filters.to} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t("history.to")}</label>
        <input id={`${id}-to`} type="date" value={filters.to ?? ""} min={filters.from} onChange={(e) => set({ to: e.target.value })} />
      </div>
      {any && (
        <button type="button" className="secondary" onClick={() => onChange({})}>
          {t("history.clear")}
        </button>
      )}
    </form>
  );
}
