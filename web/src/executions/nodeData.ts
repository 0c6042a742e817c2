// The graph shows a few fields of each node; streamed text changes none of them, so a chunk must
// not hand React Flow new node objects (which would re-render every node on every chunk).
import type { GraphNodeView, GraphView } from "./graphView";
import type { StepNodeData } from "./StepNode";

export function dataOf(label: string, live: GraphNodeView | undefined): StepNodeData {
  return {
    label,
    status: live?.status ?? "pending",
    durationMs: live?.durationMs,
    cost: live?.cost,
  };
}

export function sameData(a: StepNodeData, b: StepNodeData): boolean {
  return (
    a.label === b.label &&
    a.status === b.status &&
    a.durationMs === b.durationMs &&
    a.cost === b.cost
  );
}

/** `current` with live data; the very same array, and the same node objects, where nothing shown changed. */
export function withLiveData<N extends { id: string; data: StepNodeData }>(
  current: N[],
  nodes: GraphView,
): N[] {
  let changed = false;
  const next = current.map((n) => {
    const data = dataOf(n.data.label, nodes[n.id]);
    if (sameData(n.data, data)) return n;
    changed = true;
    return { ...n, data };
  });
  return changed ? next : current;
}
