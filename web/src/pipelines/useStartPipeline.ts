import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { endpoints } from "../api/endpoints";
import type { Pipeline } from "../api/types";

/**
 * Starts a run with the pipeline's sample input and opens its monitor.
 * The start dialog (form from the validation schema, cost estimate, budget) replaces this later.
 */
export function useStartPipeline(pipeline: Pipeline) {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () =>
      endpoints.start({
        pipeline_id: pipeline.id,
        input: pipeline.graph_definition.metadata?.sample_input ?? {},
        idempotency_key: crypto.randomUUID(),
      }),
    onSuccess: (answer) => navigate(`/executions/${answer.execution_id}`),
  });
}
