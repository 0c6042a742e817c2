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
 * an editor) wins.
 */
export async function layout(graph: GraphDefinition): Promise<Record<string, { x: number; y: number }>> {
  const children = graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT }));
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
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of laidOut.children ?? []) {
    const own = graph.nodes.find((n) => n.id === child.id)?.position;
    positions[child.id] = own ?? { x: child.x ?? 0, y: child.y ?? 0 };
  }
  return positions;
}
