// The usage page's endpoints and shapes: credits (API.md "Credits, audit") plus what the service
// adds beside the contract (reserved/available, the cursor, ledger filters, usage, spending limits).
import { api } from "../api/client";

export type TransactionType = "grant" | "usage" | "refund";

export interface Transaction {
  id: string;
  type: TransactionType;
  /** Signed as it moves the balance: grants positive, usage negative. */
  amount: number;
  balance_after?: number;
  description: string | null;
  reference_id: string | null;
  reference_type: string | null;
  created_at: string;
}

export interface Credits {
  balance: number;
  reserved?: number;
  available?: number;
  currency: string;
  transactions: Transaction[];
  next_cursor?: string;
}

export type Grouping = "day" | "pipeline" | "agent" | "model";

export interface UsageGroup {
  key: string | null;
  agent_slug?: string;
  amount: number;
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

export interface UsageReport {
  from: string;
  to: string;
  group_by: Grouping;
  time_zone: string;
  currency: string;
  groups: UsageGroup[];
  totals: { amount: number; calls: number; input_tokens: number; output_tokens: number };
}

export interface LimitView {
  limit: number | null;
  spent: number;
  reserved: number;
  remaining: number | null;
  period_start: string;
  resets_at: string;
}

export interface SpendingLimits {
  daily: LimitView;
  monthly: LimitView;
  time_zone: string;
  currency: string;
}

export interface Member {
  user_id: string;
  email: string;
  name: string | null;
  role: string;
}

const base = (ws: string) => `/api/workspaces/${ws}`;

export const usageApi = {
  credits: (ws: string, query: URLSearchParams) =>
    api<Credits>("GET", `${base(ws)}/credits?${query}`),
  grant: (ws: string, body: { amount: number; description?: string }) =>
    api<Transaction>("POST", `${base(ws)}/credits/grants`, body),
  /** Without from and to, the current month in the billing time zone. */
  usage: (ws: string, groupBy: Grouping, from: string, to: string) => {
    const q = new URLSearchParams({ group_by: groupBy });
    if (from) q.set("from", from);
    if (to) q.set("to", to);
    return api<UsageReport>("GET", `${base(ws)}/usage?${q}`);
  },
  limits: (ws: string) => api<SpendingLimits>("GET", `${base(ws)}/spending-limits`),
  setLimits: (ws: string, body: { daily: number | null; monthly: number | null }) =>
    api<SpendingLimits>("PUT", `${base(ws)}/spending-limits`, body),
  members: (ws: string) => api<Member[]>("GET", `${base(ws)}/members`),
  pipelines: (ws: string) =>
    api<{ id: string; name: string }[]>("GET", `${base(ws)}/pipelines`),
};
