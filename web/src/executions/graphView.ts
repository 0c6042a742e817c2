// What the graph shows of each node, derived so that streamed text (which changes the live state
// many times a second) leaves it, and so the graph, untouched.
import { useRef } from "react";
import type { StepStatus } from "../api/types";
import type { NodeState } from "../live/reducer";

export interface GraphNodeView {
  status: StepStatus;
  durationMs?: number;
  cost?: number;
}

export type GraphView = Readonly<Record<string, GraphNodeView>>;

const sameNode = (a: GraphNodeView | undefined, b: GraphNodeView) =>
  a !== undefined && a.status === b.status && a.durationMs === b.durationMs && a.cost === b.cost;

/**
 * The graph's view of the live nodes. Answers `previous` itself when no shown field changed, and
 * reuses each unchanged node's object otherwise, so memoized components skip their render.
 */
export function graphView(nodes: Record<string, NodeState>, previous?: GraphView): GraphView {
  const next: Record<string, GraphNodeView> = {};
  let changed = !previous || Object.keys(previous).length !== Object.keys(nodes).length;
  for (const [id, n] of Object.entries(nodes)) {
    const view: GraphNodeView = { status: n.status, durationMs: n.durationMs, cost: n.cost };
    const before = previous?.[id];
    if (sameNode(before, view)) {
      next[id] = before!;
    } else {
      next[id] = view;
      changed = true;
    }
  }
  return changed ? next : previous!;
}

/** graphView across renders: the same object for as long as nothing the graph shows changed. */
export function useGraphView(nodes: Record<string, NodeState>): GraphView {
  const last = useRef<GraphView | undefined>(undefined);
  const view = graphView(nodes, last.current);
  last.current = view;
  return view;
}
