import { api, apiPage } from "./client";
import type { AuthAnswer, Estimate, Execution, Me, Pipeline, StartAnswer } from "./types";

export const endpoints = {
  /** The app's language names the new personal workspace ("…의 워크스페이스"). */
  signUp: (body: { email: string; password: string; name?: string }, language?: string) =>
    api<AuthAnswer>(
      "POST",
      "/api/auth/signup",
      body,
      language ? { "Accept-Language": language } : undefined,
    ),
  logIn: (body: { email: string; password: string }) =>
    api<AuthAnswer>("POST", "/api/auth/login", body),
  me: () => api<Me>("GET", "/api/me"),
  pipelines: (ws: string) => api<Pipeline[]>("GET", `/api/workspaces/${ws}/pipelines`),
  pipeline: (ws: string, id: string) =>
    api<Pipeline>("GET", `/api/workspaces/${ws}/pipelines/${id}`),
  /** The graph an execution ran: executions pin the version they started with. */
  pipelineVersion: (ws: string, id: string, version: number) =>
    api<Pipeline>("GET", `/api/workspaces/${ws}/pipelines/${id}/versions/${version}`),
  start: (body: {
    pipeline_id: string;
    input: unknown;
    idempotency_key?: string;
    budget?: number;
    /** A saved version to run instead of the latest (the version history). */
    pipeline_version?: number;
  }) =>
    api<StartAnswer>("POST", "/orchestrate/pipeline/start", body),
  execution: (id: string) => api<Execution>("GET", `/orchestrate/executions/${id}`),
  // Approvals.
  // Running ones too: a gate is asked for (approval_required) a moment before its run is parked as
  // awaiting_approval, and a refetch in that moment must not drop what the stream just added.
  awaitingApproval: (ws: string) =>
    api<Execution[]>(
      "GET",
      `/api/workspaces/${ws}/executions?status=running,awaiting_approval&limit=200`,
    ),
  approve: (id: string, body: { node_id: string; comment?: string }) =>
    api<Execution>("POST", `/orchestrate/executions/${id}/approve`, body),
  reject: (id: string, body: { node_id: string; comment?: string }) =>
    api<Execution>("POST", `/orchestrate/executions/${id}/reject`, body),
  raiseBudget: (id: string, budget: number) =>
    api<Execution>("POST", `/orchestrate/executions/${id}/budget`, { budget }),
  // Start dialog
  estimate: (body: { pipeline_id: string; input: unknown }) =>
    api<Estimate>("POST", "/orchestrate/pipeline/estimate", body),
  // Executions history: `query` is pipeline_id, status, from, to, limit, cursor as URL parameters.
  executions: (ws: string, query: URLSearchParams) =>
    apiPage<Execution>(`/api/workspaces/${ws}/executions?${query}`),
  cancel: (id: string) => api<Execution>("POST", `/orchestrate/executions/${id}/cancel`),
  retry: (id: string) => api<Execution>("POST", `/orchestrate/executions/${id}/retry`),
};
