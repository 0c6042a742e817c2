import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { StepStatus } from "../api/types";
import { useFormat } from "../i18n/format";
import { statusIcon } from "./status";

/** Lines added under a node's meta (the comparison's deltas); `tone` highlights the node. */
export type NodeNote = {
  lines: string[];
  tone?: "changed" | "only";
  selected?: boolean;
};

export type StepNodeData = {
  label: string;
  status: StepStatus;
  durationMs?: number;
  cost?: number;
  note?: NodeNote;
};

export type StepFlowNode = Node<StepNodeData, "step">;

/** One node on the canvas: label, live status, duration and cost. */
export const StepNode = memo(function StepNode({ id, data }: NodeProps<StepFlowNode>) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div
      className={`step-node status-${data.status}${data.note?.tone ? ` note-${data.note.tone}` : ""}${data.note?.selected ? " note-selected" : ""}`}
      data-node-id={id}
      data-status={data.status}
      {...(data.note ? { "data-note": data.note.tone ?? "same" } : {})}
    >
      <Handle type="target" position={Position.Left} />
      <div className="step-label">
        <span aria-hidden="true">{statusIcon[data.status]}</span> {data.label}
      </div>
      <div className="step-meta">
        {t(`execution.step.${data.status}`)}
        {data.durationMs !== undefined && ` · ${format.duration(data.durationMs)}`}
        {data.cost !== undefined && data.cost > 0 && ` · ${format.won(data.cost)}`}
      </div>
      {data.note && (
        <ul className="step-note">
          {data.note.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});
