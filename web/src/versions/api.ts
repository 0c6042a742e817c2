// The version history's endpoints and the node trial's stream, kept with the feature.
import { ApiError, api } from "../api/client";
import { postEventStream } from "../api/eventStream";
import type { GraphDefinition, Pipeline, Problem } from "../api/types";

/** One saved graph of a pipeline (GET …/pipelines/{id}/versions), newest first. */
export interface PipelineVersion {
  version: number;
  created_by: string | null;
  created_at: string;
  created_by_name: string | null;
  created_by_email: string | null;
}

export const versionEndpoints = {
  versions: (ws: string, id: string) =>
    api<PipelineVersion[]>("GET", `/api/workspaces/${ws}/pipelines/${id}/versions`),
  version: (ws: string, id: string, version: number) =>
    api<Pipeline>("GET", `/api/workspaces/${ws}/pipelines/${id}/versions/${version}`),
  /** Restoring saves the old graph again: it becomes the newest version. */
  restore: (ws: string, id: string, graph: GraphDefinition) =>
    api<Pipeline>("PATCH", `/api/workspaces/${ws}/pipelines/${id}`, { graph_definition: graph }),
};

/** What POST /orchestrate/pipeline/try-node answers at the end (`event: done`). */
export interface TrialResult {
  output: unknown;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  credits_remaining: number | null;
  prompt: { role: string; content: string; agent_slug?: string }[];
  simulated: boolean;
  tools_offered: boolean;
}

export interface TrialRequest {
  pipeline_id?: string;
  workspace_id?: string;
  graph_definition: GraphDefinition;
  node_id: string;
  input: Record<string, unknown>;
  steps?: Record<string, unknown>;
}

export interface TrialListener {
  chunk: (agentSlug: string, text: string) => void;
  /** A retried attempt starts over: the text so far is dropped. */
  restart: (agentSlug: string) => void;
}

/**
 * Runs one node alone and reads its Server-Sent Events as they arrive. Resolves with `done`;
 * rejects with an ApiError: a refusal before streaming (402, 403, 422) or an `error` event.
 */
export async function tryNode(
  request: TrialRequest,
  listener: TrialListener,
  signal?: AbortSignal,
): Promise<TrialResult> {
  for await (const event of postEventStream("/orchestrate/pipeline/try-node", request, signal)) {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    if (event.event === "chunk") listener.chunk(String(data.agent_slug), String(data.chunk));
    else if (event.event === "restart") listener.restart(String(data.agent_slug));
    else if (event.event === "done") return data as unknown as TrialResult;
    else if (event.event === "error")
      throw new ApiError({
        status: 200,
        title: String(data.code),
        detail: String(data.message),
        code: String(data.code),
      } as Problem);
  }
  throw new ApiError({ status: 0, title: "stream ended" } as Problem);
}

