// The graph shows a few fields of each node; streamed text changes none of them, so a chunk must
// not hand React Flow new node objects (which would re-render every node on every chunk).
import type { NodeState } from "../live/reducer";
import type { StepNodeData } from "./StepNode";

export function dataOf(label: string, live: NodeState | undefined): StepNodeData {
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
  nodes: Record<string, NodeState>,
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

/** What the edges show (which run, which wait): a key that changes only when a status does. */
export function statusKey(nodes: Record<string, NodeState>): string {
  return Object.entries(nodes)
    .map(([id, n]) => `${id}:${n.status}`)
    .sort()
    .join("|");
}
