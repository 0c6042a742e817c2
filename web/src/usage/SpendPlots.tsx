import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePipelines } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { usageApi, type Grouping, type UsageGroup } from "./api";
import { dayBars, groupBars, rangeIsBackwards, reportDays } from "./model";
import { SpendChart } from "./SpendChart";

const GROUPINGS: Grouping[] = ["day", "pipeline", "agent", "model"];

/**
 * Spend by day, pipeline, agent and model over a range of days: the current month by default, as
 * the server reckons it (days in its billing time zone, which may not be the browser's).
 */
export function SpendPlots({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [range, setRange] = useState({ from: "", to: "" });
  const backwards = rangeIsBackwards(range.from, range.to);
  const pipelines = usePipelines(ws);
  const reports = useQueries({
    queries: GROUPINGS.map((g) => ({
      queryKey: ["usage", ws, g, range.from, range.to],
      queryFn: () => usageApi.usage(ws, g, range.from, range.to),
      enabled: !backwards,
    })),
  });
  const [byDay, byPipeline, byAgent, byModel] = reports;
  const error = reports.find((r) => r.error)?.error;
  const other = t("usage.otherGroup");
  const pipelineName = (g: UsageGroup) =>
    g.key === null ? other : (pipelines.data?.find((p) => p.id === g.key)?.name ?? g.key.slice(0, 8));
  const total = byDay!.data?.totals.amount;
  return (
    <section className="usage-plots" aria-labelledby="plots-title">
      <h2 id="plots-title">{t("usage.plotsTitle")}</h2>
      <div className="usage-range">
        <label>
          {t("usage.from")}
          <input
            type="date"
            value={range.from}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </label>
        <label>
          {t("usage.to")}
          <input
            type="date"
            value={range.to}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </label>
        {!range.from && !range.to && <p className="muted">{t("usage.thisMonth")}</p>}
        {total !== undefined && (
          <p className="usage-total" data-testid="usage-total">
            {t("usage.totalInRange", { total: format.won(total), calls: format.number(byDay!.data!.totals.calls) })}
          </p>
        )}
      </div>
      {backwards && <p role="alert" className="problem">{t("usage.rangeBackwards")}</p>}
      <ProblemMessage error={error} />
      {reports.some((r) => r.isPending) && !backwards && !error && <p>{t("common.loading")}</p>}
      {byDay!.data && byDay!.data.totals.calls === 0 && (
        <p className="usage-empty" data-testid="usage-empty">{t("usage.noSpendYet")}</p>
      )}
      {byDay!.data && byDay!.data.totals.calls > 0 && (
        <div className="usage-charts">
          <SpendChart
            id="by-day"
            title={t("usage.byDay")}
            keyHeader={t("usage.day")}
            bars={dayBars(byDay!.data.groups, reportDays(byDay!.data).from, reportDays(byDay!.data).to)}
          />
          {byPipeline!.data && (
            <SpendChart
              id="by-pipeline"
              title={t("usage.byPipeline")}
              keyHeader={t("usage.pipeline")}
              bars={groupBars(byPipeline!.data.groups, pipelineName)}
              vertical
            />
          )}
          {byAgent!.data && (
            <SpendChart
              id="by-agent"
              title={t("usage.byAgent")}
              keyHeader={t("usage.agent")}
              bars={groupBars(byAgent!.data.groups, (g) => g.agent_slug ?? g.key?.slice(0, 8) ?? other)}
              vertical
            />
          )}
          {byModel!.data && (
            <SpendChart
              id="by-model"
              title={t("usage.byModel")}
              keyHeader={t("usage.model")}
              bars={groupBars(byModel!.data.groups, (g) => g.key ?? other)}
              vertical
            />
          )}
        </div>
      )}
    </section>
  );
}
