import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useAgents, useConnections, useTools } from "./api";
import { CodeField } from "./CodeField";
import { JsonField } from "./JsonField";
import {
  type Action,
  type EditorGraph,
  type EditorNode,
  type PinnedError,
  edgeKey,
  inputProperties,
  upstreamOf,
} from "./model";

/** Viewers: the code editors are read-only too (a disabled fieldset does not reach CodeMirror). */
const ReadOnly = createContext(false);

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const ROLES = ["owner", "admin", "member"] as const;

/** What a template or condition may name, for completion. */
function references(graph: EditorGraph, nodeId: string | null, cel: boolean): string[] {
  const props = inputProperties(graph).map((p) => `input.${p}`);
  const upstream = nodeId ? upstreamOf(graph, nodeId) : graph.nodes.map((n) => n.id);
  const steps = upstream.flatMap((id) =>
    cel ? [`steps.${id}.output`, `steps.${id}.status`] : [`steps.${id}.output`],
  );
  return ["input", ...props, ...steps];
}

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

function ErrorList({ errors }: { errors: PinnedError[] }) {
  return (
    <ul className="canvas-errors">
      {errors.map((e) => (
        <li key={e.path + e.message}>
          <code>{e.path || "/"}</code> {e.message}
        </li>
      ))}
    </ul>
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

function AgentFields({
  node,
  update,
  workspaceId,
  completions,
}: {
  node: EditorNode;
  update: (patch: Record<string, unknown>) => void;
  workspaceId: string | undefined;
  completions: string[];
}) {
  const { t } = useTranslation();
  const readOnlyField = useContext(ReadOnly);
  const agentField = useId();
  const agents = useAgents(workspaceId);
  const parallel = Array.isArray(node.agent_slugs);
  const chosen = parallel ? (node.agent_slugs ?? []) : node.agent_slug ? [node.agent_slug] : [];
  return (
    <>
      {agents.isPending && <p>{t("common.loading")}</p>}
      <ProblemMessage error={agents.error} />
      {!parallel ? (
        <>
          <label htmlFor={agentField}>{t("canvas.field.agent")}</label>
          <select
            id={agentField}
            value={node.agent_slug ?? ""}
            onChange={(e) => update({ agent_slug: e.target.value || undefined })}
          >
            <option value="">{t("canvas.chooseAgent")}</option>
            {agents.data?.map((a) => (
              <option key={a.id} value={a.slug}>
                {a.name} ({a.slug})
              </option>
            ))}
          </select>
        </>
      ) : (
        <fieldset className="checks">
          <legend>{t("canvas.field.agents")}</legend>
          {agents.data?.map((a) => (
            <label key={a.id}>
              <input
                type="checkbox"
                checked={chosen.includes(a.slug)}
                onChange={(e) =>
                  update({
                    agent_slugs: e.target.checked
                      ? [...chosen, a.slug]
                      : chosen.filter((s) => s !== a.slug),
                  })
                }
              />{" "}
              {a.name}
            </label>
          ))}
        </fieldset>
      )}
      <label className="inline">
        <input
          type="checkbox"
          checked={parallel}
          onChange={(e) =>
            update(
              e.target.checked
                ? { agent_slugs: chosen, agent_slug: undefined }
                : { agent_slug: chosen[0], agent_slugs: undefined },
            )
          }
        />{" "}
        {t("canvas.field.parallel")}
      </label>
      <span className="field-label">{t("canvas.field.prompt")}</span>
      <CodeField
            readOnly={readOnlyField}
        value={(node.prompt as string | undefined) ?? ""}
        onChange={(v) => update({ prompt: v || undefined })}
        label={t("canvas.field.prompt")}
        mode="template"
        completions={completions}
        minHeight="6em"
      />
      <p className="hint">{t("canvas.templateHint")}</p>
    </>
  );
}

function McpFields({
  node,
  update,
  workspaceId,
}: {
  node: EditorNode;
  update: (patch: Record<string, unknown>) => void;
  workspaceId: string | undefined;
}) {
  const { t } = useTranslation();
  const readOnlyField = useContext(ReadOnly);
  const connField = useId();
  const toolField = useId();
  const connections = useConnections(workspaceId);
  const connection = connections.data?.find((c) => c.name === node.mcp);
  const tools = useTools(workspaceId, connection?.id);
  const tool = tools.data?.find((x) => x.name === node.tool);
  return (
    <>
      <ProblemMessage error={connections.error} />
      <label htmlFor={connField}>{t("canvas.field.mcp")}</label>
      <select
        id={connField}
        value={(node.mcp as string | undefined) ?? ""}
        onChange={(e) => update({ mcp: e.target.value || undefined, tool: undefined })}
      >
        <option value="">{t("canvas.chooseConnection")}</option>
        {connections.data?.map((c) => (
          <option key={c.id} value={c.name}>
            {c.name}
            {c.status ? ` (${c.status})` : ""}
          </option>
        ))}
      </select>
      {connection && (
        <>
          {tools.isPending && <p>{t("common.loading")}</p>}
          <ProblemMessage error={tools.error} />
          <label htmlFor={toolField}>{t("canvas.field.tool")}</label>
          <select
            id={toolField}
            value={(node.tool as string | undefined) ?? ""}
            onChange={(e) => update({ tool: e.target.value || undefined })}
          >
            <option value="">{t("canvas.chooseTool")}</option>
            {tools.data?.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name}
                {x.simulated ? ` (${t("canvas.simulated")})` : ""}
              </option>
            ))}
          </select>
        </>
      )}
      {tool && (
        <details className="tool-schema" open>
          <summary>{t("canvas.toolSchema")}</summary>
          {tool.description && (
            <p className="tool-description" tabIndex={0}>
              {tool.description}
            </p>
          )}
          <pre tabIndex={0}>{JSON.stringify(tool.input_schema ?? {}, null, 2)}</pre>
        </details>
      )}
      <span className="field-label">{t("canvas.field.arguments")}</span>
      <JsonField
            readOnly={readOnlyField}
        value={node.arguments}
        onChange={(args) => update({ arguments: args })}
        label={t("canvas.field.arguments")}
        minHeight="5em"
      />
      <p className="hint">
        {t("canvas.argumentsHint")} <code>{'{"query": "{{input.query}}"}'}</code>
      </p>
    </>
  );
}

function GateFields({
  node,
  update,
  completions,
}: {
  node: EditorNode;
  update: (patch: Record<string, unknown>) => void;
  completions: string[];
}) {
  const { t } = useTranslation();
  const readOnlyField = useContext(ReadOnly);
  const timeoutField = useId();
  const approvers = (node.approvers as string[] | undefined) ?? ["owner", "admin"];
  return (
    <>
      <fieldset className="checks">
        <legend>{t("canvas.field.approvers")}</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={approvers.includes(role)}
              onChange={(e) =>
                update({
                  approvers: e.target.checked
                    ? [...approvers, role]
                    : approvers.filter((r) => r !== role),
                })
              }
            />{" "}
            {t(`canvas.role.${role}`)}
          </label>
        ))}
      </fieldset>
      <span className="field-label">{t("canvas.field.message")}</span>
      <CodeField
            readOnly={readOnlyField}
        value={(node.message as string | undefined) ?? ""}
        onChange={(v) => update({ message: v || undefined })}
        label={t("canvas.field.message")}
        mode="template"
        completions={completions}
      />
      <label htmlFor={timeoutField}>{t("canvas.field.timeout")}</label>
      <input
        id={timeoutField}
        value={(node.timeout as string | undefined) ?? ""}
        placeholder="PT24H"
        onChange={(e) => update({ timeout: e.target.value || undefined })}
      />
    </>
  );
}

function PolicyFields({
  node,
  update,
}: {
  node: EditorNode;
  update: (patch: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const attemptsField = useId();
  const backoffField = useId();
  const timeoutField = useId();
  const retry = (node.retry as { max_attempts?: number; backoff_ms?: number } | undefined) ?? {};
  const setRetry = (field: "max_attempts" | "backoff_ms", text: string) => {
    const next = { ...retry, [field]: text === "" ? undefined : Number(text) };
    if (next[field] === undefined) delete next[field];
    update({ retry: Object.keys(next).length ? next : undefined });
  };
  return (
    <fieldset className="policy">
      <legend>{t("canvas.field.policy")}</legend>
      <label htmlFor={attemptsField}>{t("canvas.field.maxAttempts")}</label>
      <input
        id={attemptsField}
        type="number"
        min={1}
        placeholder="3"
        value={retry.max_attempts ?? ""}
        onChange={(e) => setRetry("max_attempts", e.target.value)}
      />
      <label htmlFor={backoffField}>{t("canvas.field.backoff")}</label>
      <input
        id={backoffField}
        type="number"
        min={0}
        value={retry.backoff_ms ?? ""}
        onChange={(e) => setRetry("backoff_ms", e.target.value)}
      />
      <label htmlFor={timeoutField}>{t("canvas.field.timeout")}</label>
      <input
        id={timeoutField}
        value={(node.timeout as string | undefined) ?? ""}
        placeholder="PT2M"
        onChange={(e) => update({ timeout: e.target.value || undefined })}
      />
    </fieldset>
  );
}

function EdgeFields({
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
function Connections({
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
