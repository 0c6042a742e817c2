// What the usage page shows, computed from the answers: pure functions, tested in model.test.ts.
import type { Transaction, TransactionType, UsageGroup } from "./api";

export interface LedgerFilters {
  type: TransactionType | "";
  /** Days (YYYY-MM-DD), included; empty: unbounded. */
  from: string;
  to: string;
}

export const noLedgerFilters: LedgerFilters = { type: "", from: "", to: "" };

/** The query of GET credits for the filters (the server reads days in its billing time zone). */
export function ledgerQuery(filters: LedgerFilters, limit: number, cursor?: string) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (filters.type) q.set("type", filters.type);
  if (filters.from) q.set("from", filters.from);
  if (filters.to) q.set("to", filters.to);
  if (cursor) q.set("cursor", cursor);
  return q;
}

export const rangeIsBackwards = (from: string, to: string) => !!from && !!to && to < from;

/** The execution a ledger row charged, when it refers to one (the monitor can open it). */
export function executionOf(t: Transaction): string | null {
  return t.reference_type === "pipeline_execution" && t.reference_id ? t.reference_id : null;
}

export const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The last `days` days up to today, both days included. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: localDay(start), to: localDay(today) };
}

export interface Bar {
  key: string | null;
  label: string;
  amount: number;
  calls: number;
}

/** The day (YYYY-MM-DD) of an instant in a time zone (the billing zone the server sums days in). */
export function dayIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(iso),
  );
}

/** The first and last day a report covers (its `to` is excluded), in its time zone. */
export function reportDays(report: { from: string; to: string; time_zone: string }) {
  return {
    from: dayIn(report.from, report.time_zone),
    to: dayIn(new Date(new Date(report.to).getTime() - 1).toISOString(), report.time_zone),
  };
}

/** Every day of the range (a day without usage is a zero bar, so the axis is time, not a list). */
export function dayBars(groups: UsageGroup[], from: string, to: string): Bar[] {
  const byDay = new Map(groups.map((g) => [g.key, g]));
  const bars: Bar[] = [];
  const [y, m, d] = from.split("-").map(Number);
  for (let day = new Date(y!, m! - 1, d!); localDay(day) <= to; day.setDate(day.getDate() + 1)) {
    const key = localDay(day);
    const g = byDay.get(key);
    bars.push({ key, label: key.slice(5), amount: g?.amount ?? 0, calls: g?.calls ?? 0 });
    if (bars.length > 400) break;
  }
  return bars;
}

/** One bar per group, as the server orders them (most spent first), named by `label`. */
export function groupBars(groups: UsageGroup[], label: (g: UsageGroup) => string): Bar[] {
  return groups.map((g) => ({ key: g.key, label: label(g), amount: g.amount, calls: g.calls }));
}

/** Money as the API sends it, checked on input: positive, at most 4 decimals. */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim().replace(/,/g, "");
  if (!/^\d+(\.\d{1,4})?$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n > 0 ? n : null;
}
