// The graph shows a few fields of each node; streamed text changes none of them, so a chunk must
// not hand React Flow new node objects (which would re-render every node on every chunk).
import type { GraphNodeView, GraphView } from "./graphView";
import type { NodeNote, StepNodeData } from "./StepNode";

export function dataOf(
  label: string,
  live: GraphNodeView | undefined,
  note?: NodeNote,
): StepNodeData {
  return {
    label,
    status: live?.status ?? "pending",
    durationMs: live?.durationMs,
    cost: live?.cost,
    ...(note ? { note } : {}),
  };
}

export function sameData(a: StepNodeData, b: StepNodeData): boolean {
  return (
    a.label === b.label &&
    a.status === b.status &&
    a.durationMs === b.durationMs &&
    a.cost === b.cost &&
    a.note === b.note
  );
}

/** `current` with live data; the very same array, and the same node objects, where nothing shown changed. */
export function withLiveData<N extends { id: string; data: StepNodeData }>(
  current: N[],
  nodes: GraphView,
  notes?: Record<string, NodeNote>,
): N[] {
  let changed = false;
  const next = current.map((n) => {
    const data = dataOf(n.data.label, nodes[n.id], notes?.[n.id]);
    if (sameData(n.data, data)) return n;
    changed = true;
    return { ...n, data };
  });
  return changed ? next : current;
}
