// The settings area's endpoints, shapes and queries: secrets, MCP connections, members.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Role } from "../api/types";

const ws = (id: string) => `/api/workspaces/${id}`;
const enc = encodeURIComponent;

/** A secret as listed: never its value. */
export interface SecretInfo {
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

export type McpStatus = "simulated" | "ready" | "idle" | "failed";

export interface McpConnection {
  id: string;
  name: string;
  transport: "stdio" | "http";
  command: string | null;
  args: string[] | null;
  url: string | null;
  env: Record<string, string> | null;
  headers: Record<string, string> | null;
  preset: string | null;
  status: McpStatus;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface McpConnectionInput {
  name: string;
  transport: "stdio" | "http";
  command?: string;
  args?: string[];
  url?: string;
  env?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface McpTool {
  name: string;
  description: string | null;
  input_schema: Record<string, unknown> | null;
  simulated: boolean;
}

export interface McpTestResult {
  ok: boolean;
  latency_ms?: number;
  tools?: number;
  server?: { name: string; version: string };
  simulated?: boolean;
  error?: string;
}

export interface Member {
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  joined_at: string;
}

export const settingsApi = {
  secrets: (w: string) => api<SecretInfo[]>("GET", `${ws(w)}/secrets`),
  // The value goes out in this one request body and nowhere else (no cache, no mutation state).
  putSecret: (w: string, name: string, value: string) =>
    api<void>("PUT", `${ws(w)}/secrets/${enc(name)}`, { value }),
  deleteSecret: (w: string, name: string) => api<void>("DELETE", `${ws(w)}/secrets/${enc(name)}`),

  connections: (w: string) => api<McpConnection[]>("GET", `${ws(w)}/mcp-connections`),
  createConnection: (w: string, body: McpConnectionInput) =>
    api<McpConnection>("POST", `${ws(w)}/mcp-connections`, body),
  updateConnection: (w: string, id: string, body: McpConnectionInput) =>
    api<McpConnection>("PUT", `${ws(w)}/mcp-connections/${id}`, body),
  deleteConnection: (w: string, id: string) => api<void>("DELETE", `${ws(w)}/mcp-connections/${id}`),
  testConnection: (w: string, id: string) =>
    api<McpTestResult>("POST", `${ws(w)}/mcp-connections/${id}/test`),
  tools: (w: string, id: string) => api<McpTool[]>("GET", `${ws(w)}/mcp-connections/${id}/tools`),
  callTool: (w: string, id: string, tool: string, args: unknown) =>
    api<unknown>("POST", `${ws(w)}/mcp-connections/${id}/tools/${enc(tool)}/call`, { arguments: args }),

  members: (w: string) => api<Member[]>("GET", `${ws(w)}/members`),
  addMember: (w: string, email: string, role: Role) =>
    api<Member>("POST", `${ws(w)}/members`, { email, role }),
  changeRole: (w: string, userId: string, role: Role) =>
    api<Member>("PATCH", `${ws(w)}/members/${userId}`, { role }),
  removeMember: (w: string, userId: string) => api<void>("DELETE", `${ws(w)}/members/${userId}`),
};

export const settingsKeys = {
  secrets: (w: string) => ["settings", "secrets", w] as const,
  connections: (w: string) => ["settings", "mcp", w] as const,
  tools: (w: string, id: string) => ["settings", "mcp", w, id, "tools"] as const,
  members: (w: string) => ["settings", "members", w] as const,
};

export const useSecrets = (w: string | undefined) =>
  useQuery({ queryKey: settingsKeys.secrets(w ?? ""), queryFn: () => settingsApi.secrets(w!), enabled: !!w });

export const useConnections = (w: string | undefined) =>
  useQuery({
    queryKey: settingsKeys.connections(w ?? ""),
    queryFn: () => settingsApi.connections(w!),
    enabled: !!w,
  });

export const useMembers = (w: string | undefined) =>
  useQuery({ queryKey: settingsKeys.members(w ?? ""), queryFn: () => settingsApi.members(w!), enabled: !!w });
