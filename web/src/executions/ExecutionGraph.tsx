import { Background, Controls, ReactFlow, useNodesState, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import type { GraphNodeView, GraphView } from "./graphView";
import { layout } from "./layout";
import { StepNode, type StepFlowNode, type StepNodeData } from "./StepNode";

const nodeTypes = { step: StepNode };

function dataOf(label: string, live: GraphNodeView | undefined): StepNodeData {
  return {
    label,
    status: live?.status ?? "pending",
    durationMs: live?.durationMs,
    cost: live?.cost,
  };
}

function wrapsBack(
  positions: Record<string, { x: number; y: number }> | undefined,
  from: string,
  to: string,
): boolean {
  const a = positions?.[from];
  const b = positions?.[to];
  return !!a && !!b && b.x < a.x;
}

/**
 * The pipeline's graph with each node's live state. Nodes live in React Flow's own state (with
 * onNodesChange) so the sizes it measured survive updates: replacing the node objects on every
 * event would drop them and leave the nodes hidden. It takes the graph's view of the live state
 * (graphView), not the live state: streamed text changes neither, so it renders nothing anew.
 */
export const ExecutionGraph = memo(function ExecutionGraph({
  graph,
  nodes,
}: {
  graph: GraphDefinition;
  nodes: GraphView;
}) {
  const { t } = useTranslation();
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>();
  const [flowNodes, setFlowNodes, onNodesChange] = useNodesState<StepFlowNode>([]);

  useEffect(() => {
    let current = true;
    void layout(graph).then((p) => current && setPositions(p));
    return () => {
      current = false;
    };
  }, [graph]);

  useEffect(() => {
    if (!positions) return;
    setFlowNodes(
      graph.nodes.map((n) => ({
        id: n.id,
        type: "step",
        position: positions[n.id] ?? { x: 0, y: 0 },
        draggable: false,
        data: dataOf(n.label, undefined),
      })),
    );
  }, [graph, positions, setFlowNodes]);

  useEffect(() => {
    // A node whose shown fields did not change keeps its object, so its StepNode skips the render.
    setFlowNodes((current) =>
      current.map((n) => {
        const data = dataOf(n.data.label, nodes[n.id]);
        const same =
          data.status === n.data.status &&
          data.durationMs === n.data.durationMs &&
          data.cost === n.data.cost;
        return same ? n : { ...n, data };
      }),
    );
  }, [nodes, setFlowNodes, flowNodes.length]);

  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e, i) => ({
        id: `e${i}`,
        source: e.from,
        target: e.to,
        // An edge from the end of a wrapped row to the next row's start goes around, not across.
        ...(wrapsBack(positions, e.from, e.to) ? { type: "smoothstep" } : {}),
        animated: nodes[e.from]?.status === "completed" && nodes[e.to]?.status === "running",
      })),
    [graph, nodes, positions],
  );

  return (
    <section className="graph" aria-label={t("execution.graph")}>
      {flowNodes.length > 0 && (
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          onNodesChange={onNodesChange}
          nodeTypes={nodeTypes}
          fitView
          // Long chains are wrapped into rows by the layout, so they fit whole at a size that
          // stays legible; zooming out by hand may go further.
          minZoom={0.2}
          fitViewOptions={{ padding: 0.05, maxZoom: 1 }}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          {/* A wrapped graph's last row is the shortest and starts at the left: keep them apart. */}
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      )}
    </section>
  );
});
