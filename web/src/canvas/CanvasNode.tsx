import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { NodeType } from "./model";

export type CanvasNodeData = {
  label: string;
  nodeType: NodeType;
  entry: boolean;
  /** The server's validation messages pinned to this node. */
  errors: string[];
};

export type CanvasFlowNode = Node<CanvasNodeData, "canvas">;

export const TYPE_ICON: Record<NodeType, string> = {
  trigger: "⚡",
  validation: "✔",
  agent_call: "🤖",
  mcp_tool: "🔧",
  human_gate: "✋",
  finalize: "🏁",
};

/** One node being edited: its label, its type, and a red badge when the server found problems. */
export const CanvasNode = memo(function CanvasNode({ id, data }: NodeProps<CanvasFlowNode>) {
  const { t } = useTranslation();
  const count = data.errors.length;
  return (
    <div
      className={`canvas-node type-${data.nodeType}${count ? " has-errors" : ""}`}
      data-node-id={id}
    >
      <Handle type="target" position={Position.Left} />
      <div className="canvas-node-type">
        <span aria-hidden="true">{TYPE_ICON[data.nodeType]}</span> {t(`canvas.type.${data.nodeType}`)}
        {data.entry && <span className="canvas-entry"> · {t("canvas.entry")}</span>}
      </div>
      <div className="canvas-node-label">{data.label || id}</div>
      <div className="canvas-node-id">{id}</div>
      {count > 0 && (
        <span className="canvas-badge" title={data.errors.join("\n")}>
          {t("canvas.errorCount", { count })}
        </span>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});
