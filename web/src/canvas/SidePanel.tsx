import { useContext, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CodeField } from "./CodeField";
import { JsonField } from "./JsonField";
import {
  type Action,
  type EditorGraph,
  type EditorNode,
  type PinnedError,
} from "./model";
import { ErrorList } from "./ErrorList";
import { Connections, EdgeFields } from "./EdgeFields";
import { AgentFields, GateFields, McpFields, PolicyFields } from "./NodeTypeFields";
import { ReadOnly, references } from "./panelShared";

const ID = /^[a-z][a-z0-9_]{0,63}$/;

export interface SidePanelProps {
  graph: EditorGraph;
  selectedNode: EditorNode | null;
  selectedEdge: string | null;
  errors: PinnedError[];
  workspaceId: string | undefined;
  readOnly: boolean;
  dispatch: (action: Action) => void;
  /**
   * Slot for "Try a node" (src/versions, built separately): rendered in an agent node's panel. The
   * canvas passes the node and the graph; it renders nothing of its own here.
   */
  renderTryNode?: (node: EditorNode, graph: EditorGraph) => ReactNode;
}

export function SidePanel(props: SidePanelProps) {
  const { t } = useTranslation();
  const { selectedNode, selectedEdge, errors } = props;
  const graphErrors = errors.filter((e) => e.target.kind === "graph");
  return (
    <ReadOnly.Provider value={props.readOnly}>
    <aside className="canvas-panel" aria-label={t("canvas.panel")}>
      {selectedNode ? (
        <NodeFields {...props} node={selectedNode} key={selectedNode.id} />
      ) : selectedEdge ? (
        <EdgeFields {...props} edgeKeyValue={selectedEdge} key={selectedEdge} />
      ) : (
        <>
          <h2>{t("canvas.panel")}</h2>
          <p className="hint">{t("canvas.selectHint")}</p>
        </>
      )}
      {graphErrors.length > 0 && (
        <section aria-labelledby="canvas-graph-errors">
          <h3 id="canvas-graph-errors">{t("canvas.graphErrors")}</h3>
          <ErrorList errors={graphErrors} />
        </section>
      )}
    </aside>
    </ReadOnly.Provider>
  );
}

function NodeFields({
  graph,
  node,
  errors,
  workspaceId,
  readOnly,
  dispatch,
  renderTryNode,
}: SidePanelProps & { node: EditorNode }) {
  const { t } = useTranslation();
  const readOnlyField = useContext(ReadOnly);
  const idField = useId();
  const labelField = useId();
  const mine = errors.filter((e) => e.target.kind === "node" && e.target.id === node.id);
  const update = (patch: Record<string, unknown>) =>
    dispatch({ type: "updateNode", id: node.id, patch });
  const completions = useMemo(() => references(graph, node.id, false), [graph, node.id]);

  const [idText, setIdText] = useState(node.id);
  useEffect(() => setIdText(node.id), [node.id]);
  const idProblem =
    idText === node.id
      ? null
      : !ID.test(idText)
        ? t("canvas.idFormat")
        : graph.nodes.some((n) => n.id === idText)
          ? t("canvas.idTaken")
          : null;
  const commitId = () => {
    if (idText !== node.id && !idProblem) update({ id: idText });
  };

  return (
    <fieldset className="canvas-fields" disabled={readOnly}>
      <legend>
        <h2>
          {t(`canvas.type.${node.type}`)}: {node.label || node.id}
        </h2>
      </legend>
      {mine.length > 0 && (
        <div className="canvas-node-errors" role="group" aria-label={t("canvas.nodeErrors")}>
          <ErrorList errors={mine} />
        </div>
      )}
      <label htmlFor={idField}>{t("canvas.field.id")}</label>
      <input
        id={idField}
        value={idText}
        onChange={(e) => setIdText(e.target.value)}
        onBlur={commitId}
        onKeyDown={(e) => e.key === "Enter" && commitId()}
        aria-invalid={!!idProblem}
        spellCheck={false}
      />
      {idProblem && <p className="field-error">{idProblem}</p>}
      <label htmlFor={labelField}>{t("canvas.field.label")}</label>
      <input id={labelField} value={node.label ?? ""} onChange={(e) => update({ label: e.target.value })} />
      {node.type === "agent_call" && (
        <AgentFields node={node} update={update} workspaceId={workspaceId} completions={completions} />
      )}
      {node.type === "mcp_tool" && <McpFields node={node} update={update} workspaceId={workspaceId} />}
      {node.type === "validation" && (
        <>
          <span className="field-label">{t("canvas.field.schema")}</span>
          <JsonField
            readOnly={readOnlyField}
            value={node.schema}
            onChange={(schema) => update({ schema })}
            label={t("canvas.field.schema")}
            minHeight="8em"
          />
        </>
      )}
      {node.type === "human_gate" && <GateFields node={node} update={update} completions={completions} />}
      {node.type === "finalize" && (
        <>
          <span className="field-label">{t("canvas.field.output")}</span>
          <CodeField
            readOnly={readOnlyField}
            value={(node.output as string | undefined) ?? ""}
            onChange={(v) => update({ output: v || undefined })}
            label={t("canvas.field.output")}
            mode="template"
            completions={completions}
          />
          <p className="hint">{t("canvas.templateHint")}</p>
        </>
      )}
      {(node.type === "agent_call" || node.type === "mcp_tool") && <PolicyFields node={node} update={update} />}
      <Connections graph={graph} node={node} dispatch={dispatch} />
      {node.type === "agent_call" && renderTryNode?.(node, graph)}
      <button
        type="button"
        className="secondary"
        onClick={() => dispatch({ type: "delete", nodes: [node.id], edges: [] })}
      >
        {t("canvas.deleteNode")}
      </button>
    </fieldset>
  );
}

