// The editor's graph as React Flow draws it: nodes and edges with their selection, measured size
// and pinned errors.
import type { Edge } from "@xyflow/react";
import type { TFunction } from "i18next";
import type { CanvasFlowNode } from "./CanvasNode";
import { edgeKey, type EditorGraph, type PinnedError } from "./model";

export function flowNodes(
  graph: EditorGraph,
  selected: string[],
  measured: Record<string, { width: number; height: number }>,
  errors: PinnedError[],
  readOnly: boolean,
  t: TFunction,
): CanvasFlowNode[] {
  return graph.nodes.map((n) => ({
    id: n.id,
    type: "canvas",
    position: n.position ?? { x: 0, y: 0 },
    selected: selected.includes(n.id),
    ariaLabel: `${t(`canvas.type.${n.type}`)}: ${n.label || n.id}`,
    measured: measured[n.id],
    draggable: !readOnly,
    data: {
      label: n.label,
      nodeType: n.type,
      entry: graph.entry_point === n.id,
      errors: errors
        .filter((e) => e.target.kind === "node" && e.target.id === n.id)
        .map((e) => `${e.path}: ${e.message}`),
    },
  }));
}

export function flowEdges(
  graph: EditorGraph,
  selected: string[],
  errors: PinnedError[],
  t: TFunction,
): Edge[] {
  return graph.edges.map((e) => {
    const key = edgeKey(e);
    const count = errors.filter((x) => x.target.kind === "edge" && x.target.key === key).length;
    const label = [e.condition, count ? `⚠ ${t("canvas.errorCount", { count })}` : ""]
      .filter(Boolean)
      .join(" · ");
    return {
      id: key,
      source: e.from,
      target: e.to,
      selected: selected.includes(key),
      label: label || undefined,
      className: count ? "canvas-edge has-errors" : "canvas-edge",
      ariaLabel: t("canvas.edgeTitle", { from: e.from, to: e.to }),
      animated: !!e.condition,
    };
  });
}
