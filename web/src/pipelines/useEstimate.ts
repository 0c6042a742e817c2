import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { endpoints } from "../api/endpoints";

/** The value, once it stopped changing for `ms`: typing asks for one estimate, not one per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** What a run with this input may cost; null input (e.g. JSON that does not parse) asks nothing. */
export function useEstimate(pipelineId: string, input: Record<string, unknown> | null) {
  const settled = useDebounced(input, 400);
  const key = settled === null ? null : JSON.stringify(settled);
  return useQuery({
    queryKey: ["estimate", pipelineId, key],
    queryFn: () => endpoints.estimate({ pipeline_id: pipelineId, input: settled }),
    enabled: key !== null,
    // A 422 (input does not fit the schema) is an answer, not a hiccup to retry.
    retry: false,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
