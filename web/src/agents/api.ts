// The agents area's shapes and calls: agents CRUD, the price table, MCP connections and their
// tools (API.md "Agents and pipelines", "Credits, audit, secrets, tools").
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";

export type ModelProvider = "anthropic" | "openai" | "simulated";

export interface ToolRef {
  mcp: string;
  tool: string;
}

export interface Agent {
  id: string;
  slug: string;
  name: string;
  description: string;
  model_provider: ModelProvider;
  model: string;
  system_prompt: string;
  parameters: Record<string, unknown>;
  cost_per_run: number;
  tools: ToolRef[];
  created_at: string;
  updated_at: string;
}

/** What a create or PATCH sends: every field of the form. */
export type AgentInput = Omit<Agent, "id" | "created_at" | "updated_at">;

/** One row of GET /api/pricing: prices per million tokens, in USD and in credits (₩). */
export interface ModelPricing {
  model: string;
  provider: "anthropic" | "openai";
  aliases: string[];
  input_per_million_usd: number;
  output_per_million_usd: number;
  cache_write_per_million_usd: number;
  cache_read_per_million_usd: number;
  input_per_million_credits: number;
  output_per_million_credits: number;
  context_window: number | null;
}

export interface Pricing {
  currency: string;
  credits_per_usd: number;
  models: ModelPricing[];
}

export interface McpConnection {
  id: string;
  name: string;
  transport: "stdio" | "http";
  preset: string | null;
  status: string | null;
}

export interface McpTool {
  name: string;
  description: string | null;
  simulated: boolean;
}

/** The `done` event's object (and the JSON answer) of POST /orchestrate/agent/invoke. */
export interface InvokeResult {
  content: string;
  input_tokens: number;
  output_tokens: number;
  model: string;
  cost: number;
  credits_remaining: number;
  stop_reason?: string | null;
  simulated?: boolean;
}

const base = (ws: string) => `/api/workspaces/${ws}`;

export const agentCalls = {
  list: (ws: string) => api<Agent[]>("GET", `${base(ws)}/agents`),
  get: (ws: string, id: string) => api<Agent>("GET", `${base(ws)}/agents/${id}`),
  create: (ws: string, body: AgentInput) => api<Agent>("POST", `${base(ws)}/agents`, body),
  update: (ws: string, id: string, body: Partial<AgentInput>) =>
    api<Agent>("PATCH", `${base(ws)}/agents/${id}`, body),
  remove: (ws: string, id: string) => api<void>("DELETE", `${base(ws)}/agents/${id}`),
  pricing: () => api<Pricing>("GET", "/api/pricing"),
  connections: (ws: string) => api<McpConnection[]>("GET", `${base(ws)}/mcp-connections`),
  tools: (ws: string, id: string) =>
    api<McpTool[]>("GET", `${base(ws)}/mcp-connections/${id}/tools`),
};

export const agentKeys = {
  list: (ws: string) => ["agents", ws] as const,
  one: (ws: string, id: string) => ["agent", ws, id] as const,
  pricing: ["pricing"] as const,
  connections: (ws: string) => ["mcp-connections", ws] as const,
  tools: (ws: string, id: string) => ["mcp-tools", ws, id] as const,
};

export const useAgents = (ws: string | undefined) =>
  useQuery({
    queryKey: agentKeys.list(ws ?? ""),
    queryFn: () => agentCalls.list(ws!),
    enabled: !!ws,
  });

export const useAgent = (ws: string | undefined, id: string | undefined) =>
  useQuery({
    queryKey: agentKeys.one(ws ?? "", id ?? ""),
    queryFn: () => agentCalls.get(ws!, id!),
    enabled: !!ws && !!id,
  });

export const usePricing = () =>
  useQuery({ queryKey: agentKeys.pricing, queryFn: agentCalls.pricing, staleTime: 5 * 60_000 });

export const useConnections = (ws: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: agentKeys.connections(ws ?? ""),
    queryFn: () => agentCalls.connections(ws!),
    enabled: !!ws && enabled,
  });

export const useTools = (ws: string | undefined, id: string | undefined) =>
  useQuery({
    queryKey: agentKeys.tools(ws ?? "", id ?? ""),
    queryFn: () => agentCalls.tools(ws!, id!),
    enabled: !!ws && !!id,
    staleTime: 60_000,
  });
