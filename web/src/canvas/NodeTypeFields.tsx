// The side panel's fields of each node type: agent, MCP tool, gate, and retry/timeout policy.
import { useContext, useId } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useAgents, useConnections, useTools } from "./api";
import { CodeField } from "./CodeField";
import { JsonField } from "./JsonField";
import {
  type EditorNode,
} from "./model";
import { ReadOnly } from "./panelShared";

const ROLES = ["owner", "admin", "member"] as const;

export function AgentFields({
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

export function McpFields({
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

export function GateFields({
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

export function PolicyFields({
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

