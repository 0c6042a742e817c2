import type { GraphDefinition, GraphNode } from "../api/types";

/**
 * What a trial of a node starts with: the pipeline's sample input, and a placeholder output for
 * every upstream node its prompt template reads (`{{steps.<id>.output…}}`), for the person to edit.
 */
export function samplesOf(
  graph: GraphDefinition,
  node: GraphNode,
): { input: Record<string, unknown>; steps: Record<string, unknown> } {
  const input = graph.metadata?.sample_input ?? {};
  const prompt = (node as { prompt?: unknown }).prompt;
  const steps: Record<string, unknown> = {};
  if (typeof prompt === "string") {
    for (const match of prompt.matchAll(/\{\{\s*steps\.([a-z][a-z0-9_]*)\.output/g)) {
      const id = match[1]!;
      const label = graph.nodes.find((n) => n.id === id)?.label ?? id;
      steps[id] = `(${label})`;
    }
  }
  return { input, steps };
}
