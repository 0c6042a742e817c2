import { Background, Controls, ReactFlow, useNodesState, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import type { NodeState } from "../live/reducer";
import { layout } from "./layout";
import { dataOf, statusKey, withLiveData } from "./nodeData";
import { StepNode, type StepFlowNode } from "./StepNode";

const nodeTypes = { step: StepNode };

/**
 * The pipeline's graph with each node's live state. Nodes live in React Flow's own state (with
 * onNodesChange) so the sizes it measured survive updates: replacing the node objects on every
 * event would drop them and leave the nodes hidden.
 */
export function ExecutionGraph({
  graph,
  nodes,
  onOpen,
}: {
  graph: GraphDefinition;
  nodes: Record<string, NodeState>;
  /** Opens the inspector of a node: on a click, or Enter or Space on the focused node. */
  onOpen?: (nodeId: string) => void;
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
        ariaLabel: n.label,
        data: dataOf(n.label, undefined),
      })),
    );
  }, [graph, positions, setFlowNodes]);

  useEffect(() => {
    // Streamed text changes nothing a node shows: the nodes then stay the same objects.
    setFlowNodes((current) => withLiveData(current, nodes));
  }, [nodes, setFlowNodes, flowNodes.length]);

  const statuses = statusKey(nodes);

  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e, i) => ({
        id: `e${i}`,
        source: e.from,
        target: e.to,
        animated: nodes[e.from]?.status === "completed" && nodes[e.to]?.status === "running",
      })),
    // Keyed by the statuses alone (all the edges read), not by every streamed chunk.
    [graph, statuses],
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
