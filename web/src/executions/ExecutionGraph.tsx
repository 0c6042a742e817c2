import { Background, Controls, ReactFlow, useNodesState, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import type { NodeState } from "../live/reducer";
import { layout, NODE_HEIGHT } from "./layout";
import { StepNode, type NodeNote, type StepFlowNode, type StepNodeData } from "./StepNode";

const nodeTypes = { step: StepNode };

function dataOf(label: string, live: NodeState | undefined, note?: NodeNote): StepNodeData {
  return {
    label,
    status: live?.status ?? "pending",
    durationMs: live?.durationMs,
    cost: live?.cost,
    ...(note ? { note } : {}),
  };
}

/**
 * The pipeline's graph with each node's live state. Nodes live in React Flow's own state (with
 * onNodesChange) so the sizes it measured survive updates: replacing the node objects on every
 * event would drop them and leave the nodes hidden.
 */
export function ExecutionGraph({
  graph,
  nodes,
  notes,
  onSelectNode,
  nodeHeight = NODE_HEIGHT,
}: {
  graph: GraphDefinition;
  nodes: Record<string, NodeState>;
  /** Extra lines on nodes, e.g. the comparison's deltas (the compare page). */
  notes?: Record<string, NodeNote>;
  /** A click on a node (the compare page shows that node's output diff). */
  onSelectNode?: (nodeId: string) => void;
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
        data: dataOf(n.label, undefined),
      })),
    );
  }, [graph, positions, setFlowNodes]);

  useEffect(() => {
    setFlowNodes((current) =>
      current.map((n) => ({ ...n, data: dataOf(n.data.label, nodes[n.id], notes?.[n.id]) })),
    );
  }, [nodes, notes, setFlowNodes, flowNodes.length]);

  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e, i) => ({
        id: `e${i}`,
        source: e.from,
        target: e.to,
        animated: nodes[e.from]?.status === "completed" && nodes[e.to]?.status === "running",
      })),
    [graph, nodes],
  );

  return (
    <section className="graph" aria-label={t("execution.graph")}>
      {flowNodes.length > 0 && (
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          onNodesChange={onNodesChange}
          {...(onSelectNode ? { onNodeClick: (_: unknown, node: { id: string }) => onSelectNode(node.id) } : {})}
          nodeTypes={nodeTypes}
          fitView
          // Long chains (auto_healing has 9 nodes) must fit whole; the default floor is 0.5.
          minZoom={0.2}
          fitViewOptions={{ padding: 0.05 }}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </section>
  );
}
