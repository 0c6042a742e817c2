import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { auditApi, type AuditEntry, type AuditMember } from "./api";
import { ChainStatus } from "./ChainStatus";
import {
  actorOf,
  categoryKey,
  auditQuery,
  cursorAt,
  detailsSummary,
  knownCategories,
  noAuditFilters,
  rangeIsBackwards,
  type AuditFilters,
} from "./model";
import "./audit.css";

const PAGE = 50;

/**
 * The workspace's audit log, newest first, a page at a time, with the hash chain's verification.
 * Owners and admins only (the server's rule): others are told so instead of an error.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const allowed = workspace?.role === "owner" || workspace?.role === "admin";
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);
  // A page starting at a chosen seq (the first bad entry): the list then pages down from there.
  const [startAt, setStartAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const backwards = rangeIsBackwards(filters);

  const verify = useQuery({
    queryKey: ["audit", ws ?? "", "verify"],
    queryFn: () => auditApi.verify(ws!),
    enabled: !!ws && allowed,
  });
  const members = useQuery({
    queryKey: ["members", ws ?? ""],
    queryFn: () => auditApi.members(ws!),
    enabled: !!ws && allowed,
  });
  const log = useInfiniteQuery({
    queryKey: ["audit", ws ?? "", "list", filters, startAt],
    queryFn: ({ pageParam }) => auditApi.list(ws!, auditQuery(filters, PAGE, pageParam)),
    initialPageParam: startAt === null ? undefined : cursorAt(startAt),
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: !!ws && allowed && !backwards,
    placeholderData: keepPreviousData,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  // Once the page with the bad entry is shown, bring it into view and give it focus.
  useEffect(() => {
    if (highlight === null || log.isPlaceholderData) return;
    const row = document.getElementById(`audit-seq-${highlight}`);
    if (row) {
      row.scrollIntoView({ block: "center" });
      row.focus();
    }
  }, [highlight, log.data, log.isPlaceholderData]);

  const showBad = (seq: number) => {
    setFilters(noAuditFilters);
    setStartAt(seq);
    setHighlight(seq);
  };
  const set = (patch: Partial<AuditFilters>) => {
    setStartAt(null);
    setFilters((f) => ({ ...f, ...patch }));
  };
  const categories = [...new Set([...knownCategories, ...rows.map((r) => r.category)])].sort();
  const actions = [...new Set(rows.map((r) => r.action))].sort();

  if (!ws) return <main id="main" className="audit"><p>{t("common.loading")}</p></main>;
  if (!allowed) {
    return (
      <main id="main" className="audit">
        <h1>{t("audit.title")}</h1>
        <p className="muted">{t("audit.adminsOnly", { role: t(`audit.role.${workspace.role}`) })}</p>
      </main>
    );
  }
  return (
    <main id="main" className="audit">
      <h1>{t("audit.title")}</h1>
      <ChainStatus
        verification={verify.data}
        error={verify.error}
        pending={verify.isFetching}
        onShowBad={showBad}
        onRecheck={() => void verify.refetch()}
      />
      <fieldset className="audit-filters">
        <legend>{t("audit.filters")}</legend>
        <label>
          {t("audit.category")}
          <input
            list="audit-categories"
            value={filters.category}
            onChange={(e) => set({ category: e.target.value })}
            placeholder={t("audit.any")}
          />
        </label>
        <datalist id="audit-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <label>
          {t("audit.action")}
          <input
            list="audit-actions"
            value={filters.action}
            onChange={(e) => set({ action: e.target.value })}
            placeholder={t("audit.any")}
          />
        </label>
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label>
          {t("audit.from")}
          <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          {t("audit.to")}
          <input type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <button
          type="button"
          onClick={() => {
            setStartAt(null);
            setHighlight(null);
            setFilters(noAuditFilters);
          }}
        >
          {t("audit.clear")}
        </button>
      </fieldset>
      {startAt !== null && (
        <p className="muted">
          {t("audit.fromSeq", { seq: startAt })}{" "}
          <button type="button" className="link" onClick={() => { setStartAt(null); setHighlight(null); }}>
            {t("audit.backToNewest")}
          </button>
        </p>
      )}
      {backwards && <p role="alert" className="problem">{t("audit.rangeBackwards")}</p>}
      <ProblemMessage error={log.error ?? members.error} />
      {log.isPending && !backwards && <p>{t("common.loading")}</p>}
      {log.data && rows.length === 0 && <p>{t("audit.empty")}</p>}
      {rows.length > 0 && (
        <table className="audit-table" aria-busy={log.isPlaceholderData}>
          <caption className="visually-hidden">{t("audit.caption")}</caption>
          <thead>
            <tr>
              <th scope="col" className="number">{t("audit.seq")}</th>
              <th scope="col">{t("audit.time")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.category")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <AuditRow
                key={entry.id}
                entry={entry}
                members={members.data}
                bad={verify.data?.first_bad_seq === entry.seq}
              />
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? t("audit.loadingMore") : t("audit.more")}
        </button>
      )}
    </main>
  );
}

function AuditRow({ entry, members, bad }: { entry: AuditEntry; members: AuditMember[] | undefined; bad: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const actor = actorOf(entry.actor_id, members);
  const summary = detailsSummary(entry.details);
  return (
    <tr
      id={entry.seq === null ? undefined : `audit-seq-${entry.seq}`}
      data-seq={entry.seq ?? undefined}
      data-category={entry.category}
      className={bad ? "bad" : undefined}
      tabIndex={bad ? -1 : undefined}
    >
      <td className="number">
        {bad && <span className="visually-hidden">{t("audit.badEntry")} </span>}
        {bad && <span aria-hidden="true">❌ </span>}
        {entry.seq ?? <span title={t("audit.linking")}>…</span>}
      </td>
      <td>
        <time dateTime={entry.created_at}>{format.date(entry.created_at)}</time>
      </td>
      <td>
        {actor.kind === "member" && (
          <span title={entry.actor_id ?? undefined}>
            {actor.name}
            {actor.name !== actor.email && <span className="muted"> ({actor.email})</span>}
          </span>
        )}
        {actor.kind === "unknown" && <code title={entry.actor_id ?? undefined}>{actor.short}</code>}
        {actor.kind === "system" && <span className="muted">{t("audit.system")}</span>}
      </td>
      <td>{categoryKey(entry.category) ? t(categoryKey(entry.category)!) : entry.category}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td className="audit-details">
        <details>
          <summary>{summary || t("audit.noDetails")}</summary>
          <pre tabIndex={0}>{JSON.stringify(entry.details, null, 2)}</pre>
          <p className="hash">
            {t("audit.hash")}: {entry.hash ? <code>{entry.hash.slice(0, 16)}…</code> : t("audit.linking")}
          </p>
        </details>
      </td>
    </tr>
  );
}
