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

export interface StartRequest {
  input: Record<string, unknown>;
  budget?: number | undefined;
}

/**
 * Starts a run with the start dialog's input and budget and opens its monitor. One key per
 * intended run, so a double click or a retried request starts one execution, not two; the key
 * changes only after a start succeeded.
 */
export function useStartPipeline(pipeline: Pipeline, version?: number) {
  const navigate = useNavigate();
  const key = useRef(newKey());
  return useMutation({
    mutationFn: ({ input, budget }: StartRequest) =>
      endpoints.start({
        pipeline_id: pipeline.id,
        input,
        idempotency_key: key.current,
        ...(budget === undefined ? {} : { budget }),
        ...(version === undefined ? {} : { pipeline_version: version }),
      }),
    onSuccess: (answer) => {
      key.current = newKey();
      navigate(`/executions/${answer.execution_id}`);
    },
  });
}
