// What the side panel's parts share: read-only for viewers, completions, pinned errors.
import { createContext } from "react";
import { inputProperties, upstreamOf, type EditorGraph } from "./model";

/** Viewers: the code editors are read-only too (a disabled fieldset does not reach CodeMirror). */
export const ReadOnly = createContext(false);

/** What a template or condition may name, for completion. */
export function references(graph: EditorGraph, nodeId: string | null, cel: boolean): string[] {
  const props = inputProperties(graph).map((p) => `input.${p}`);
  const upstream = nodeId ? upstreamOf(graph, nodeId) : graph.nodes.map((n) => n.id);
  const steps = upstream.flatMap((id) =>
    cel ? [`steps.${id}.output`, `steps.${id}.status`] : [`steps.${id}.output`],
  );
  return ["input", ...props, ...steps];
}
