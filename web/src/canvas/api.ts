import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Pipeline } from "../api/types";
import type { EditorGraph } from "./model";

/** The parts of an agent the canvas shows (API.md: agent). */
export interface AgentSummary {
  id: string;
  slug: string;
  name: string;
  model_provider: string;
  model: string;
}

/** An MCP connection as listed (API.md: mcp-connections). */
export interface McpConnectionSummary {
  id: string;
  name: string;
  status?: string;
  preset?: string | null;
}

export interface McpTool {
  name: string;
  description?: string | null;
  input_schema?: Record<string, unknown> | null;
  simulated?: boolean;
}

export interface PipelineBody {
  slug?: string;
  name?: string;
  description?: string;
  graph_definition?: EditorGraph;
}

export const canvasApi = {
  agents: (ws: string) => api<AgentSummary[]>("GET", `/api/workspaces/${ws}/agents`),
  connections: (ws: string) =>
    api<McpConnectionSummary[]>("GET", `/api/workspaces/${ws}/mcp-connections`),
  tools: (ws: string, id: string) =>
    api<McpTool[]>("GET", `/api/workspaces/${ws}/mcp-connections/${id}/tools`),
  validate: (ws: string, graph: EditorGraph) =>
    api<{ valid: boolean }>("POST", `/api/workspaces/${ws}/pipelines/validate`, {
      graph_definition: graph,
    }),
  create: (ws: string, body: PipelineBody) =>
    api<Pipeline>("POST", `/api/workspaces/${ws}/pipelines`, body),
  update: (ws: string, id: string, body: PipelineBody) =>
    api<Pipeline>("PATCH", `/api/workspaces/${ws}/pipelines/${id}`, body),
};

export function useAgents(ws: string | undefined) {
  return useQuery({
    queryKey: ["canvas", "agents", ws],
    queryFn: () => canvasApi.agents(ws!),
    enabled: !!ws,
  });
}

export function useConnections(ws: string | undefined) {
  return useQuery({
    queryKey: ["canvas", "mcp", ws],
    queryFn: () => canvasApi.connections(ws!),
    enabled: !!ws,
  });
}

export function useTools(ws: string | undefined, connectionId: string | undefined) {
  return useQuery({
    queryKey: ["canvas", "tools", ws, connectionId],
    queryFn: () => canvasApi.tools(ws!, connectionId!),
    enabled: !!ws && !!connectionId,
    staleTime: 60_000,
  });
}
