import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { endpoints } from "../api/endpoints";
import { usePipelines } from "../api/queries";
import type { Execution } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { ExecutionActions } from "../executions/ExecutionActions";
import { useFormat } from "../i18n/format";
import { isEnded } from "../live/reducer";
import { useWorkspace } from "../workspaces/useWorkspace";
import { compareBlocker } from "./actions";
import { apiQueryOf, filtersFromSearch, rangeIsBackwards, searchOf, type HistoryFilters } from "./filters";
import { HistoryFiltersForm } from "./HistoryFiltersForm";
import { executionIcon } from "./status";

const PAGE = 20;

/**
 * The workspace's executions, newest first, filtered by what the URL says (so a filtered view can
 * be shared or reloaded), a page at a time; pick two of one pipeline to compare them.
 */
export function HistoryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const filterKey = searchOf(filters).toString();
  const backwards = rangeIsBackwards(filters);
  const pipelines = usePipelines(ws);
  const [chosen, setChosen] = useState<Execution[]>([]);

  const history = useInfiniteQuery({
    queryKey: ["executions", ws ?? "", filterKey],
    queryFn: ({ pageParam }) => endpoints.executions(ws!, apiQueryOf(filters, PAGE, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: !!ws && !backwards,
    // Another filter keeps the rows shown until its own arrive, instead of blanking the table.
    placeholderData: keepPreviousData,
    // Runs still going change under the user's eyes; ended ones do not.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((e) => !isEnded(e.status))) ? 5_000 : false,
  });
  const rows = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);

  const setFilters = (next: HistoryFilters) => setSearch(searchOf(next), { replace: true });
  const nameOf = (id: string) => pipelines.data?.find((p) => p.id === id)?.name ?? id.slice(0, 8);
  const startedOf = (e: Execution) => e.started_at ?? e.created_at ?? null;
  const timeOf = (e: Execution) => {
    const started = startedOf(e);
    return started ? format.date(started) : t("history.notStarted");
  };
  const isChosen = (e: Execution) => chosen.some((c) => c.id === e.id);
  const toggle = (e: Execution) =>
    setChosen((current) => (isChosen(e) ? current.filter((c) => c.id !== e.id) : [...current, e]));
  const blocker = compareBlocker(chosen);
  const compare = () => {
    // A is the older run, B the newer: the deltas read as "what changed since".
    const [a, b] = [...chosen].sort((x, y) =>
      (x.created_at ?? x.started_at ?? "").localeCompare(y.created_at ?? y.started_at ?? ""),
    );
    navigate(`/compare?a=${a!.id}&b=${b!.id}`);
  };

  return (
    <main id="main" className="history">
      <h1>{t("history.title")}</h1>
      <HistoryFiltersForm
        filters={filters}
        pipelines={pipelines.data ?? []}
        onChange={setFilters}
      />
      {backwards && <p role="alert" className="problem">{t("history.rangeBackwards")}</p>}
      <ProblemMessage error={history.error ?? pipelines.error} />
      <div className="compare-bar">
        <button type="button" onClick={compare} disabled={blocker !== null} aria-describedby="compare-reason">
          {t("history.compare")}
        </button>
        <p id="compare-reason" aria-live="polite">
          {t("history.chosen", { count: chosen.length })}
          {blocker && ` · ${t(`history.compareBlocked.${blocker}`)}`}
        </p>
      </div>
      {history.isPending && !backwards && <p>{t("common.loading")}</p>}
      {history.data && rows.length === 0 && <p>{t("history.empty")}</p>}
      {rows.length > 0 && (
        <table className="history-table" aria-busy={history.isPlaceholderData}>
          <caption className="visually-hidden">{t("history.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("history.select")}</th>
              <th scope="col">{t("history.pipeline")}</th>
              <th scope="col">{t("history.status")}</th>
              <th scope="col">{t("history.started")}</th>
              <th scope="col" className="number">{t("history.duration")}</th>
              <th scope="col" className="number">{t("history.cost")}</th>
              <th scope="col">{t("history.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const name = nameOf(e.pipeline_id);
              const started = startedOf(e);
              return (
                <tr key={e.id} data-execution={e.id} data-status={e.status} className={isChosen(e) ? "chosen" : ""}>
                  <td>
                    <input
                      type="checkbox"
                      checked={isChosen(e)}
                      onChange={() => toggle(e)}
                      aria-label={t("history.selectRun", { name, time: timeOf(e) })}
                    />
                  </td>
                  <td>
                    <Link
                      to={`/executions/${e.id}`}
                      aria-label={t("history.openRun", { name, time: timeOf(e) })}
                    >
                      {name}
                    </Link>
                  </td>
                  <td className={`run-status status-${e.status}`}>
                    <span aria-hidden="true">{executionIcon[e.status]} </span>
                    {t(`execution.status.${e.status}`)}
                  </td>
                  <td>{started ? <time dateTime={started}>{format.date(started)}</time> : t("history.notStarted")}</td>
                  <td className="number">{e.duration_ms === null ? "—" : format.duration(e.duration_ms)}</td>
                  <td className="number">{format.won(e.total_cost ?? 0)}</td>
                  <td>
                    <ExecutionActions execution={e} compact />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {history.hasNextPage && (
        <button
          type="button"
          className="more"
          onClick={() => void history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          {history.isFetchingNextPage ? t("history.loadingMore") : t("history.more")}
        </button>
      )}
    </main>
  );
}
