// The side panel for a connection, and a node's outgoing connections.
import { useContext, useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { CodeField } from "./CodeField";
import {
  type Action,
  type EditorGraph,
  type EditorNode,
  edgeKey,
} from "./model";
import { ErrorList } from "./ErrorList";
import { ReadOnly, references } from "./panelShared";
import type { SidePanelProps } from "./SidePanel";

export function EdgeFields({
  graph,
  edgeKeyValue,
  errors,
  readOnly,
  dispatch,
}: SidePanelProps & { edgeKeyValue: string }) {
  const { t } = useTranslation();
  const readOnlyField = useContext(ReadOnly);
  const edge = graph.edges.find((e) => edgeKey(e) === edgeKeyValue);
  const completions = useMemo(() => (edge ? references(graph, edge.to, true) : []), [graph, edge]);
  if (!edge) return null;
  const mine = errors.filter((e) => e.target.kind === "edge" && e.target.key === edgeKeyValue);
  return (
    <fieldset className="canvas-fields" disabled={readOnly}>
      <legend>
        <h2>{t("canvas.edgeTitle", { from: edge.from, to: edge.to })}</h2>
      </legend>
      {mine.length > 0 && (
        <div className="canvas-node-errors" role="group" aria-label={t("canvas.nodeErrors")}>
          <ErrorList errors={mine} />
        </div>
      )}
      <span className="field-label">{t("canvas.field.condition")}</span>
      <CodeField
            readOnly={readOnlyField}
        value={edge.condition ?? ""}
        onChange={(v) => dispatch({ type: "updateEdge", key: edgeKeyValue, patch: { condition: v } })}
        label={t("canvas.field.condition")}
        mode="cel"
        completions={completions}
      />
      <p className="hint">{t("canvas.conditionHint")}</p>
      <button type="button" className="secondary" onClick={() => dispatch({ type: "delete", edges: [edgeKeyValue], nodes: [] })}>
        {t("canvas.deleteEdge")}
      </button>
    </fieldset>
  );
}

/**
 * The node's outgoing connections, each opening its condition, and a picker to add one: what a
 * mouse does with the handles, for the keyboard.
 */
export function Connections({
  graph,
  node,
  dispatch,
}: {
  graph: EditorGraph;
  node: EditorNode;
  dispatch: (action: Action) => void;
}) {
  const { t } = useTranslation();
  const addId = useId();
  const outgoing = graph.edges.filter((e) => e.from === node.id);
  const candidates = graph.nodes.filter(
    (n) => n.id !== node.id && !outgoing.some((e) => e.to === n.id),
  );
  return (
    <div className="canvas-connections">
      <span className="field-label">{t("canvas.outgoing")}</span>
      {outgoing.length === 0 ? (
        <p className="hint">{t("canvas.noOutgoing")}</p>
      ) : (
        <ul>
          {outgoing.map((e) => (
            <li key={edgeKey(e)}>
              <button
                type="button"
                className="link"
                onClick={() => dispatch({ type: "select", selection: { nodes: [], edges: [edgeKey(e)] } })}
              >
                → {e.to}
                {e.condition ? ` (${e.condition})` : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 && (
        <>
          <label htmlFor={addId}>{t("canvas.connectTo")}</label>
          <select
            id={addId}
            value=""
            onChange={(e) => e.target.value && dispatch({ type: "connect", from: node.id, to: e.target.value })}
          >
            <option value="">{t("canvas.chooseNode")}</option>
            {candidates.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label || n.id} ({n.id})
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}

