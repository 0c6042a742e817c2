// The history's filters live in the page's URL (?pipeline=…&status=…&from=…&to=…), so a filtered
// view can be shared and survives a reload; these functions translate between the URL, the form and
// the API's query (whose date bounds are instants, the form's are the user's local days).
import type { ExecutionStatus } from "../api/types";

export const STATUSES: ExecutionStatus[] = [
  "queued",
  "running",
  "awaiting_approval",
  "completed",
  "failed",
  "cancelled",
  "rejected",
];

export interface HistoryFilters {
  pipeline?: string;
  status?: ExecutionStatus;
  /** Local days, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isDay = (text: string | null): text is string => !!text && DAY.test(text);

/** What the URL asks for; anything unreadable (a hand-edited link) is ignored, not an error. */
export function filtersFromSearch(search: URLSearchParams): HistoryFilters {
  const filters: HistoryFilters = {};
  const pipeline = search.get("pipeline");
  const status = search.get("status");
  const from = search.get("from");
  const to = search.get("to");
  if (pipeline) filters.pipeline = pipeline;
  if (status && (STATUSES as string[]).includes(status)) filters.status = status as ExecutionStatus;
  if (isDay(from)) filters.from = from;
  if (isDay(to)) filters.to = to;
  return filters;
}

/** The URL's query for these filters: only what is set, in a stable order. */
export function searchOf(filters: HistoryFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.pipeline) search.set("pipeline", filters.pipeline);
  if (filters.status) search.set("status", filters.status);
  if (filters.from) search.set("from", filters.from);
  if (filters.to) search.set("to", filters.to);
  return search;
}

/** The instant a local day begins, as the API reads it (ISO-8601, UTC). */
export function startOfDay(day: string, plusDays = 0): string {
  const [, y, m, d] = DAY.exec(day)!;
  return new Date(Number(y), Number(m) - 1, Number(d) + plusDays).toISOString();
}

/**
 * The list endpoint's query: from = the start of the first day, to = the start of the day after
 * the last (the API's `to` is exclusive), so "from 11-27 to 11-28" keeps both whole days.
 */
export function apiQueryOf(filters: HistoryFilters, limit: number, cursor?: string): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.pipeline) query.set("pipeline_id", filters.pipeline);
  if (filters.status) query.set("status", filters.status);
  if (filters.from) query.set("from", startOfDay(filters.from));
  if (filters.to) query.set("to", startOfDay(filters.to, 1));
  query.set("limit", String(limit));
  if (cursor) query.set("cursor", cursor);
  return query;
}

/** A range that ends before it begins finds nothing: said before asking. */
export const rangeIsBackwards = (filters: HistoryFilters): boolean =>
  !!filters.from && !!filters.to && filters.from > filters.to;
