import { QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError } from "./client";
import { endpoints } from "./endpoints";
import type { Execution } from "./types";
import { waitingFromExecutions } from "../approvals/waiting";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, error) =>
        !(error instanceof ApiError && error.problem.status < 500) && count < 2,
      staleTime: 10_000,
    },
  },
});

export const keys = {
  me: ["me"] as const,
  pipelines: (ws: string) => ["pipelines", ws] as const,
  pipeline: (ws: string, id: string) => ["pipeline", ws, id] as const,
  pipelineVersion: (ws: string, id: string, version: number) =>
    ["pipeline", ws, id, version] as const,
  execution: (id: string) => ["execution", id] as const,
  approvals: (ws: string) => ["approvals", ws] as const,
};

export const useMe = (enabled = true) =>
  useQuery({ queryKey: keys.me, queryFn: endpoints.me, enabled });

export const usePipelines = (ws: string | undefined) =>
  useQuery({
    queryKey: keys.pipelines(ws ?? ""),
    queryFn: () => endpoints.pipelines(ws!),
    enabled: !!ws,
  });

export const usePipeline = (ws: string | undefined, id: string | undefined) =>
  useQuery({
    queryKey: keys.pipeline(ws ?? "", id ?? ""),
    queryFn: () => endpoints.pipeline(ws!, id!),
    enabled: !!ws && !!id,
  });

export const useExecutionPipeline = (execution: Execution | undefined) =>
  useQuery({
    queryKey: keys.pipelineVersion(
      execution?.workspace_id ?? "",
      execution?.pipeline_id ?? "",
      execution?.pipeline_version ?? 0,
    ),
    queryFn: () =>
      endpoints.pipelineVersion(
        execution!.workspace_id,
        execution!.pipeline_id,
        execution!.pipeline_version,
      ),
    enabled: !!execution,
    staleTime: Infinity,
  });

export const useExecution = (id: string) =>
  useQuery({ queryKey: keys.execution(id), queryFn: () => endpoints.execution(id) });

/** What waits for a decision in the workspace; the workspace stream patches it between fetches. */
export const useWaitingApprovals = (ws: string | undefined) =>
  useQuery({
    queryKey: keys.approvals(ws ?? ""),
    // The list's items carry their pending approvals: one request, none per waiting run.
    queryFn: async () => waitingFromExecutions(await endpoints.awaitingApproval(ws!)),
    enabled: !!ws,
    // The fallback when the stream is down.
    refetchInterval: 60_000,
  });
