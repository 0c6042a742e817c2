import { useQueries, useQuery } from "@tanstack/react-query";
import { versionEndpoints } from "./api";

/** How many of the newest versions the history compares with their predecessor (one read each). */
export const SUMMARISED = 30;

export const versionKeys = {
  list: (ws: string, id: string) => ["pipeline-versions", ws, id] as const,
  // The same key as the monitor's (api/queries keys.pipelineVersion): a saved version never changes.
  one: (ws: string, id: string, version: number) => ["pipeline", ws, id, version] as const,
};

export const useVersionList = (ws: string | undefined, id: string) =>
  useQuery({
    queryKey: versionKeys.list(ws ?? "", id),
    queryFn: () => versionEndpoints.versions(ws!, id),
    enabled: !!ws,
  });

/** The graphs of these versions, by number; a version's graph never changes once saved. */
export function useVersionGraphs(ws: string | undefined, id: string, versions: number[]) {
  return useQueries({
    queries: versions.map((v) => ({
      queryKey: versionKeys.one(ws ?? "", id, v),
      queryFn: () => versionEndpoints.version(ws!, id, v),
      enabled: !!ws && v > 0,
      staleTime: Infinity,
    })),
  });
}
