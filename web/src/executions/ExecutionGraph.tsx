import { Background, Controls, ReactFlow, useNodesState, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import type { GraphView } from "./graphView";
import { layout, NODE_HEIGHT } from "./layout";
import { dataOf, withLiveData } from "./nodeData";
import { StepNode, type NodeNote, type StepFlowNode } from "./StepNode";

const nodeTypes = { step: StepNode };

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
  notes,
  onOpen,
  nodeHeight = NODE_HEIGHT,
}: {
  graph: GraphDefinition;
  nodes: GraphView;
  /** Extra lines on nodes, e.g. the comparison's deltas (the compare page). */
  notes?: Record<string, NodeNote>;
  /** A click on a node, or Enter or Space on it: the monitor's inspector, the comparison's diff. */
  onOpen?: (nodeId: string) => void;
  /** Taller nodes (with notes) need more room in the layout. */
  nodeHeight?: number;
}) {
  const { t } = useTranslation();
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>();
  const [flowNodes, setFlowNodes, onNodesChange] = useNodesState<StepFlowNode>([]);

  useEffect(() => {
    let current = true;
    void layout(graph, nodeHeight).then((p) => current && setPositions(p));
    return () => {
      current = false;
    };
  }, [graph, nodeHeight]);

  useEffect(() => {
    if (!positions) return;
    setFlowNodes(
      graph.nodes.map((n) => ({
        id: n.id,
        type: "step",
        position: positions[n.id] ?? { x: 0, y: 0 },
        draggable: false,
        ariaLabel: n.label,
        data: dataOf(n.label, undefined),
      })),
    );
  }, [graph, positions, setFlowNodes]);

  useEffect(() => {
    // Streamed text changes nothing a node shows: the nodes then stay the same objects.
    setFlowNodes((current) => withLiveData(current, nodes, notes));
  }, [nodes, notes, setFlowNodes, flowNodes.length]);

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
    // The graph view stays the same object while only streamed text changes.
    [graph, nodes, positions],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (!onOpen || (event.key !== "Enter" && event.key !== " ")) return;
    const target = event.target as HTMLElement;
    if (!target.classList.contains("react-flow__node") || !target.dataset.id) return;
    event.preventDefault();
    onOpen(target.dataset.id);
  };

  return (
    <section className="graph" aria-label={t("execution.graph")} onKeyDown={onKeyDown}>
      {flowNodes.length > 0 && (
        <ReactFlow<StepFlowNode>
          nodes={flowNodes}
          edges={edges}
          onNodesChange={onNodesChange}
          onNodeClick={onOpen && ((_, node: StepFlowNode) => onOpen(node.id))}
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
