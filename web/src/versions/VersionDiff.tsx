import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Pipeline } from "../api/types";
import { ExecutionGraph } from "../executions/ExecutionGraph";
import type { GraphView } from "../executions/graphView";
import type { NodeNote } from "../executions/StepNode";
import { diffGraphs, shown, type NodeDiff } from "./diff";
import { TryNode } from "./TryNode";

/** Nodes with a line or two of notes under their label need a little more room. */
const NOTE_NODE_HEIGHT = 110;

/**
 * Two versions drawn as one graph (the newer, plus what only the older had), each node marked
 * added, removed or changed; the field changes node by node, and the edges that changed. A node
 * picked on the graph shows its fields, and an agent node can be tried there.
 */
export function VersionDiff({ older, newer, pipelineId }: { older: Pipeline; newer: Pipeline; pipelineId: string }) {
  const { t } = useTranslation();
  const diff = useMemo(() => diffGraphs(older.graph_definition, newer.graph_definition), [older, newer]);
  const [selected, setSelected] = useState<string>();

  const view = useMemo<GraphView>(() => {
    const states: Record<string, { status: "pending" }> = {};
    for (const n of diff.union.nodes) states[n.id] = { status: "pending" };
    return states;
  }, [diff]);
  const notes = useMemo(() => {
    const notes: Record<string, NodeNote> = {};
    for (const n of diff.nodes) {
      const lines =
        n.presence === "same"
          ? [`○ ${t("versions.presence.same")}`]
          : [`● ${t(`versions.presence.${n.presence}`)}`, ...(n.fields.length ? [n.fields.map((f) => f.field).join(", ")] : [])];
      const tone = n.presence === "same" ? undefined : n.presence === "changed" ? "changed" : "only";
      notes[n.id] = { lines, ...(tone ? { tone } : {}), selected: selected === n.id } as NodeNote;
    }
    return notes;
  }, [diff, selected, t]);

  const changedNodes = diff.nodes.filter((n) => n.presence !== "same");
  const chosen = diff.nodes.find((n) => n.id === selected);
  const chosenGraph = chosen?.presence === "removed" ? older : newer;
  const chosenNode = chosenGraph.graph_definition.nodes.find((n) => n.id === selected);

  return (
    <section className="version-diff" aria-labelledby="version-diff-title">
      <h2 id="version-diff-title">
        {t("versions.diffTitle", { a: older.version, b: newer.version })}
      </h2>
      {older.version === newer.version && <p>{t("versions.sameVersion")}</p>}
      {/* Remounted for another pair: the graph applies notes only when its node count changes. */}
      <ExecutionGraph
        key={`${older.version}:${newer.version}`}
        graph={diff.union}
        nodes={view}
        notes={notes}
        onOpen={setSelected}
        nodeHeight={NOTE_NODE_HEIGHT}
      />
      <div className="version-details">
        <section aria-labelledby="node-changes-title">
          <h3 id="node-changes-title">{t("versions.nodeChanges")}</h3>
          {changedNodes.length === 0 ? (
            <p>{t("versions.noNodeChanges")}</p>
          ) : (
            <ul className="change-list">
              {changedNodes.map((n) => (
                <NodeChange key={n.id} node={n} onPick={() => setSelected(n.id)} />
              ))}
            </ul>
          )}
          {diff.graph.length > 0 && (
            <>
              <h3>{t("versions.graphChanges")}</h3>
              <ul className="change-list">
                {diff.graph.map((f) => (
                  <li key={f.field}>
                    <code>{f.field}</code>: <del>{shown(f.before)}</del> → <ins>{shown(f.after)}</ins>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t("versions.edgeChanges")}</h3>
          {diff.edges.length === 0 ? (
            <p>{t("versions.noEdgeChanges")}</p>
          ) : (
            <ul className="change-list">
              {diff.edges.map((e) => (
                <li key={`${e.from}-${e.to}`} className={`presence-${e.presence}`}>
                  <strong>{t(`versions.presence.${e.presence}`)}</strong> {e.from} → {e.to}
                  {e.presence === "changed" && (
                    <>
                      {" "}
                      (<del>{e.before ?? t("versions.always")}</del> → <ins>{e.after ?? t("versions.always")}</ins>)
                    </>
                  )}
                  {e.presence !== "changed" && (e.before ?? e.after) && <code> {e.before ?? e.after}</code>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="node-detail-title" className="node-detail">
          <h3 id="node-detail-title">
            {chosenNode ? t("versions.nodeTitle", { label: chosenNode.label, id: chosenNode.id }) : t("versions.pickNode")}
          </h3>
          {chosenNode && (
            <>
              <p className="hint">{t("versions.fromVersion", { version: chosenGraph.version })}</p>
              <pre className="node-json" tabIndex={0}>{JSON.stringify(chosenNode, null, 2)}</pre>
              {chosenNode.type === "agent_call" && (
                <TryNode
                  key={`${chosenGraph.version}:${chosenNode.id}`}
                  graph={chosenGraph.graph_definition}
                  node={chosenNode}
                  pipelineId={pipelineId}
                />
              )}
            </>
          )}
        </section>
      </div>
    </section>
  );
}

function NodeChange({ node, onPick }: { node: NodeDiff; onPick: () => void }) {
  const { t } = useTranslation();
  return (
    <li className={`presence-${node.presence}`} data-node={node.id}>
      <strong>{t(`versions.presence.${node.presence}`)}</strong>{" "}
      <button type="button" className="link" onClick={onPick}>
        {node.label} ({node.id})
      </button>
      {node.fields.length > 0 && (
        <ul>
          {node.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: <del>{shown(f.before)}</del> → <ins>{shown(f.after)}</ins>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
