import ELK from "elkjs/lib/elk.bundled.js";
import type { GraphDefinition } from "../api/types";

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;

const elk = new ELK();

/**
 * Positions for a graph that carries none: layered left to right, so parallel branches sit in
 * one column. A node's own `position` (set by an editor) wins.
 */
export async function layout(
  graph: GraphDefinition,
  height = NODE_HEIGHT,
): Promise<Record<string, { x: number; y: number }>> {
  const laidOut = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.spacing.nodeNode": "30",
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of laidOut.children ?? []) {
    const own = graph.nodes.find((n) => n.id === child.id)?.position;
    positions[child.id] = own ?? { x: child.x ?? 0, y: child.y ?? 0 };
  }
  return positions;
}
