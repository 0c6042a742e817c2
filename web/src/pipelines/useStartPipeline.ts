import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { useNavigate } from "react-router";
import { endpoints } from "../api/endpoints";
import type { Pipeline } from "../api/types";

/** An idempotency key; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts a run with the pipeline's sample input and opens its monitor. One key per intended run,
 * so a double click or a retried request starts one execution, not two.
 * The start dialog (form from the validation schema, cost estimate, budget) replaces this later.
 */
export function useStartPipeline(pipeline: Pipeline) {
  const navigate = useNavigate();
  const key = useRef(newKey());
  return useMutation({
    mutationFn: () =>
      endpoints.start({
        pipeline_id: pipeline.id,
        input: pipeline.graph_definition.metadata?.sample_input ?? {},
        idempotency_key: key.current,
      }),
    onSuccess: (answer) => {
      key.current = newKey();
      navigate(`/executions/${answer.execution_id}`);
    },
  });
}
