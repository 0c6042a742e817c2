import { Background, Controls, ReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import type { NodeState } from "../live/reducer";
import { layout } from "./layout";
import { StepNode, type StepFlowNode } from "./StepNode";

const nodeTypes = { step: StepNode };

export function ExecutionGraph({
  graph,
  nodes,
}: {
  graph: GraphDefinition;
  nodes: Record<string, NodeState>;
}) {
  const { t } = useTranslation();
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>();
  useEffect(() => {
    let current = true;
    void layout(graph).then((p) => current && setPositions(p));
    return () => {
      current = false;
    };
  }, [graph]);

  const flowNodes = useMemo<StepFlowNode[]>(
    () =>
      positions
        ? graph.nodes.map((n) => {
            const live = nodes[n.id];
            return {
              id: n.id,
              type: "step",
              position: positions[n.id] ?? { x: 0, y: 0 },
              draggable: false,
              data: {
                label: n.label,
                status: live?.status ?? "pending",
                durationMs: live?.durationMs,
                cost: live?.cost,
              },
            };
          })
        : [],
    [graph, nodes, positions],
  );
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
      {positions && (
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
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
