// The audit log's endpoints (API.md "Credits, audit"): owners and admins only.
import { api, apiPage } from "../api/client";

export interface AuditEntry {
  id: string;
  /** Null for the moment between the action's commit and its linking into the chain. */
  seq: number | null;
  action: string;
  category: string;
  actor_id: string | null;
  details: unknown;
  created_at: string;
  prev_hash: string | null;
  hash: string | null;
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  first_bad_seq?: number;
  /** Entries committed but not linked into the chain yet (linked moments after their action). */
  pending?: number;
  /** Of those, the ones waiting longer than they should: the linking has stopped somewhere. */
  stale_pending?: number;
  /**
   * Entries whose seal this server could not check: it lacks the master key version the seal was
   * made with (`missing_seal_keys`). Not tampering, but nothing vouches for them.
   */
  unverified_seals?: number;
  missing_seal_keys?: number[];
  /** False on a server without a master key: nothing is sealed, hashes and links alone are checked. */
  seals_checked?: boolean;
}

export interface AuditMember {
  user_id: string;
  email: string;
  name: string | null;
}

const base = (ws: string) => `/api/workspaces/${ws}`;

export const auditApi = {
  /** The next page's cursor comes in X-Next-Cursor. */
  list: (ws: string, query: URLSearchParams) => apiPage<AuditEntry>(`${base(ws)}/audit-logs?${query}`),
  verify: (ws: string) => api<ChainVerification>("GET", `${base(ws)}/audit-logs/verify`),
  members: (ws: string) => api<AuditMember[]>("GET", `${base(ws)}/members`),
};
