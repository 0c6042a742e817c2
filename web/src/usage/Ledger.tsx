import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { usageApi, type TransactionType } from "./api";
import { executionOf, ledgerQuery, noLedgerFilters, rangeIsBackwards, type LedgerFilters } from "./model";

const PAGE = 20;
const TYPES: TransactionType[] = ["grant", "usage", "refund"];

/** Grants, usage and refunds, newest first, filtered by type and days, a page at a time. */
export function Ledger({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [filters, setFilters] = useState<LedgerFilters>(noLedgerFilters);
  const backwards = rangeIsBackwards(filters.from, filters.to);
  const ledger = useInfiniteQuery({
    queryKey: ["credits", ws, "ledger", filters],
    queryFn: ({ pageParam }) => usageApi.credits(ws, ledgerQuery(filters, PAGE, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: !backwards,
    placeholderData: keepPreviousData,
  });
  const rows = ledger.data?.pages.flatMap((p) => p.transactions) ?? [];
  const set = (patch: Partial<LedgerFilters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section className="usage-card" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t("usage.ledger.title")}</h2>
      <fieldset className="ledger-filters">
        <legend>{t("usage.ledger.filters")}</legend>
        <label>
          {t("usage.ledger.type")}
          <select value={filters.type} onChange={(e) => set({ type: e.target.value as LedgerFilters["type"] })}>
            <option value="">{t("usage.ledger.allTypes")}</option>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`usage.type.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("usage.from")}
          <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          {t("usage.to")}
          <input type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <button type="button" onClick={() => setFilters(noLedgerFilters)}>
          {t("usage.ledger.clear")}
        </button>
      </fieldset>
      {backwards && <p role="alert" className="problem">{t("usage.rangeBackwards")}</p>}
      <ProblemMessage error={ledger.error} />
      {ledger.isPending && !backwards && <p>{t("common.loading")}</p>}
      {ledger.data && rows.length === 0 && <p>{t("usage.ledger.empty")}</p>}
      {rows.length > 0 && (
        <table className="ledger-table" aria-busy={ledger.isPlaceholderData}>
          <caption className="visually-hidden">{t("usage.ledger.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("usage.ledger.time")}</th>
              <th scope="col">{t("usage.ledger.type")}</th>
              <th scope="col" className="number">{t("usage.ledger.amount")}</th>
              <th scope="col">{t("usage.ledger.description")}</th>
              <th scope="col">{t("usage.ledger.reference")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const execution = executionOf(row);
              return (
                <tr key={row.id} data-type={row.type} data-reference={row.reference_id ?? ""}>
                  <td>
                    <time dateTime={row.created_at}>{format.date(row.created_at)}</time>
                  </td>
                  <td className={`ledger-type type-${row.type}`}>{t(`usage.type.${row.type}`)}</td>
                  <td className={`number ${row.amount < 0 ? "negative" : "positive"}`}>
                    {format.signedWon(row.amount)}
                  </td>
                  <td>{row.description || "—"}</td>
                  <td>
                    {execution ? (
                      <Link to={`/executions/${execution}`}>
                        {t("usage.ledger.openRun", { id: execution.slice(0, 8) })}
                      </Link>
                    ) : row.reference_type ? (
                      t(`usage.reference.${row.reference_type}`, { defaultValue: row.reference_type })
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {ledger.hasNextPage && (
        <button type="button" onClick={() => void ledger.fetchNextPage()} disabled={ledger.isFetchingNextPage}>
          {ledger.isFetchingNextPage ? t("usage.ledger.loadingMore") : t("usage.ledger.more")}
        </button>
      )}
    </section>
  );
}
