import ELK from "elkjs/lib/elk.bundled.js";
import type { GraphDefinition } from "../api/types";

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;

/**
 * Past this many columns a left-to-right graph, fit to the monitor's graph pane (~800 px wide),
 * shrinks its labels below legibility: 5 columns are 1,240 px, fit at 0.65; 10 at 0.3. It is
 * wrapped into rows instead.
 */
export const MAX_COLUMNS = 4;

/** About the widest graph the pane shows at a legible zoom (~0.75): four columns and some room. */
const LEGIBLE_WIDTH = 1100;

/** The monitor's graph area is about 900 × 520: rows are cut to about that shape. */
const ASPECT_RATIO = "1.7";

const elk = new ELK();

const BASE_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "60",
  "elk.spacing.nodeNode": "30",
};

/**
 * Positions for a graph that carries none: layered left to right, so parallel branches sit in
 * one column. A long graph is wrapped like text, its columns cut into rows (ELK's graph wrapping
 * cuts between layers, so parallel branches stay in one column). A node's own `position` (set by
 * an editor) wins as long as the graph stays legible: positions that lay a long chain out in one
 * row (the demo pipelines' do) would shrink it as much as no wrapping would, so then the layout's
 * own positions are used.
 */
export async function layout(
  graph: GraphDefinition,
  height = NODE_HEIGHT,
): Promise<Record<string, { x: number; y: number }>> {
  const children = graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height }));
  const edges = graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] }));
  let laidOut = await elk.layout({ id: "root", layoutOptions: BASE_OPTIONS, children, edges });
  const columns = new Set((laidOut.children ?? []).map((c) => c.x)).size;
  if (columns > MAX_COLUMNS) {
    laidOut = await elk.layout({
      id: "root",
      layoutOptions: {
        ...BASE_OPTIONS,
        "elk.layered.wrapping.strategy": "SINGLE_EDGE",
        "elk.aspectRatio": ASPECT_RATIO,
      },
      children,
      edges,
    });
  }
  const laid: Record<string, { x: number; y: number }> = {};
  const merged: Record<string, { x: number; y: number }> = {};
  for (const child of laidOut.children ?? []) {
    laid[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    const own = graph.nodes.find((n) => n.id === child.id)?.position;
    merged[child.id] = own ?? laid[child.id]!;
  }
  return widthOf(merged) <= LEGIBLE_WIDTH ? merged : laid;
}

function widthOf(positions: Record<string, { x: number; y: number }>): number {
  const xs = Object.values(positions).map((p) => p.x);
  return xs.length === 0 ? 0 : Math.max(...xs) + NODE_WIDTH - Math.min(...xs);
}
