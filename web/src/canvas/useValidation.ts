// Validation as you edit: the graph, once it rests for a moment, is checked by the server and
// each error is pinned to the node or edge it names.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/client";
import { canvasApi } from "./api";
import { pinErrors, type EditorGraph, type PinnedError } from "./model";

export function useValidation(
  ws: string | undefined,
  graph: EditorGraph,
): {
  errors: PinnedError[];
  checking: boolean;
  /** The server found nothing wrong with the graph checked last. */
  valid: boolean;
  /** The check itself failed (not a 422 about the graph): the service is unreachable, say. */
  failure: unknown;
} {
  const json = JSON.stringify(graph);
  const checkedJson = useDebounced(json, 400);
  const validation = useQuery({
    queryKey: ["canvas", "validate", ws, checkedJson],
    queryFn: () => canvasApi.validate(ws!, JSON.parse(checkedJson) as EditorGraph),
    enabled: !!ws && graph.nodes.length > 0,
    retry: false,
    staleTime: Infinity,
  });
  const errors = useMemo<PinnedError[]>(() => {
    const problem = validation.error instanceof ApiError ? validation.error.problem : undefined;
    if (!problem || problem.status !== 422) return [];
    return pinErrors(JSON.parse(checkedJson) as EditorGraph, problem.errors ?? []);
  }, [validation.error, checkedJson]);
  const checking = validation.isFetching || checkedJson !== json;
  const failure =
    validation.error && !(validation.error instanceof ApiError && validation.error.problem.status === 422)
      ? validation.error
      : null;
  return { errors, checking, valid: validation.isSuccess, failure };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
