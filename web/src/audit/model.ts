// What the audit page shows, from the answers: pure functions, tested in model.test.ts.
import type { AuditMember, ChainVerification } from "./api";

export interface AuditFilters {
  category: string;
  action: string;
  /** Local days (YYYY-MM-DD), both included; empty: unbounded. */
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilters = { category: "", action: "", from: "", to: "" };

/** The start of a local day (plus some days) as an instant: the API's range is instants. */
export function startOfDay(day: string, plusDays = 0): string {
  const [y, m, d] = day.split("-");
  return new Date(Number(y), Number(m) - 1, Number(d) + plusDays).toISOString();
}

export const rangeIsBackwards = (f: AuditFilters) => !!f.from && !!f.to && f.to < f.from;

/** The categories and actions the service records today: suggestions, the filters take any text. */
export const knownCategories = ["agents", "approvals", "auth", "billing", "executions", "mcp", "pipelines", "secret", "vault", "workspace"];

/** The query of GET audit-logs; `startAt` pages from that seq down (the cursor is "before seq"). */
export function auditQuery(filters: AuditFilters, limit: number, cursor?: string) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (filters.category.trim()) q.set("category", filters.category.trim());
  if (filters.action.trim()) q.set("action", filters.action.trim());
  // The last day is included whole: up to the start of the next one (the API's `to` is exclusive).
  if (filters.from) q.set("from", startOfDay(filters.from));
  if (filters.to) q.set("to", startOfDay(filters.to, 1));
  if (cursor) q.set("cursor", cursor);
  return q;
}

/** The cursor of a page whose first entry is `seq` (the server answers entries below the cursor). */
export const cursorAt = (seq: number) => String(seq + 1);

export type ChainState =
  | { state: "valid"; entries: number; pending: number }
  | { state: "broken"; entries: number; firstBadSeq: number }
  | { state: "stalled"; entries: number; stale: number }
  | { state: "unchecked"; entries: number; unverified: number; missingKeys: number[] };

/**
 * Valid (with the newest entries perhaps still being linked), broken at a seq, unchecked (some
 * seals could not be checked: the server lacks their master key version), or stalled: entries have
 * waited too long to be linked. The last two are findings even though no linked entry is wrong.
 */
export function chainState(v: ChainVerification): ChainState {
  if (v.first_bad_seq !== undefined && v.first_bad_seq !== null) {
    return { state: "broken", entries: v.entries, firstBadSeq: v.first_bad_seq };
  }
  if (!v.valid && (v.unverified_seals ?? 0) > 0) {
    return { state: "unchecked", entries: v.entries, unverified: v.unverified_seals ?? 0, missingKeys: v.missing_seal_keys ?? [] };
  }
  if (!v.valid) return { state: "stalled", entries: v.entries, stale: v.stale_pending ?? 0 };
  return { state: "valid", entries: v.entries, pending: v.pending ?? 0 };
}

/** A category's name in the reader's language; one the app does not know yet shows as it is. */
export const categoryKey = (category: string) =>
  knownCategories.includes(category) ? `audit.categories.${category}` : undefined;

/** Who acted: a member's name and email, or the id shortened (system actions have none). */
export function actorOf(
  actorId: string | null,
  members: AuditMember[] | undefined,
): { kind: "system" } | { kind: "member"; name: string; email: string } | { kind: "unknown"; short: string } {
  if (!actorId) return { kind: "system" };
  const m = members?.find((x) => x.user_id === actorId);
  if (m) return { kind: "member", name: m.name || m.email, email: m.email };
  return { kind: "unknown", short: actorId.slice(0, 8) };
}

/** The details in one line for the summary row; the whole JSON is one click away. */
export function detailsSummary(details: unknown, max = 80): string {
  if (details === null || details === undefined) return "";
  const text =
    typeof details === "object" && !Array.isArray(details)
      ? Object.entries(details as Record<string, unknown>)
          .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
          .join(", ")
      : JSON.stringify(details);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
