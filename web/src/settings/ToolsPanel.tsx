import Form from "@rjsf/core";
import { englishStringTranslator, replaceStringParameters, type TranslatableString } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { localizeError } from "../pipelines/startInput";
import { settingsApi, settingsKeys, type McpConnection, type McpTool } from "./api";
import { toolResultView } from "./toolResult";

type Args = Record<string, unknown>;

/** A connection's tools as its server lists them, and a call to one through a form of its schema. */
export function ToolsPanel({
  workspaceId,
  connection,
  onClose,
}: {
  workspaceId: string;
  connection: McpConnection;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const tools = useQuery({
    queryKey: settingsKeys.tools(workspaceId, connection.id),
    queryFn: () => settingsApi.tools(workspaceId, connection.id),
  });
  const [chosen, setChosen] = useState<McpTool | null>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="settings-tools" aria-labelledby={headingId}>
      <div className="settings-tools-head">
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          {t("settings.mcp.toolsTitle", { name: connection.name })}
        </h3>
        <button type="button" className="secondary" onClick={onClose}>
          {t("settings.close")}
        </button>
      </div>
      {tools.isPending && <p>{t("settings.mcp.toolsLoading")}</p>}
      <ProblemMessage error={tools.error} />
      {tools.data?.length === 0 && <p>{t("settings.mcp.noTools")}</p>}
      <ul className="settings-tool-list">
        {tools.data?.map((tool) => (
          <li key={tool.name} className={chosen?.name === tool.name ? "chosen" : undefined}>
            <div>
              <code>{tool.name}</code>
              {tool.simulated && <span className="settings-badge">{t("settings.mcp.simulatedTool")}</span>}
              {tool.description && <p className="settings-tool-description">{firstLine(tool.description)}</p>}
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() => setChosen(tool)}
              aria-pressed={chosen?.name === tool.name}
              aria-label={t("settings.mcp.tryTool", { name: tool.name })}
            >
              {t("settings.mcp.tryToolShort")}
            </button>
          </li>
        ))}
      </ul>
      {chosen && (
        <ToolCall key={chosen.name} workspaceId={workspaceId} connection={connection} tool={chosen} />
      )}
    </section>
  );
}

const firstLine = (text: string) => {
  const line = text.split("\n")[0] ?? "";
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
};

function ToolCall({
  workspaceId,
  connection,
  tool,
}: {
  workspaceId: string;
  connection: McpConnection;
  tool: McpTool;
}) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const formRef = useRef<Form<Args>>(null);
  const [args, setArgs] = useState<Args>({});
  const [calling, setCalling] = useState(false);
  const [result, setResult] = useState<{ value: unknown } | null>(null);
  const view = result ? toolResultView(result.value) : null;
  const [error, setError] = useState<unknown>(null);
  const schema = useMemo(() => {
    const { $schema: _ignored, ...rest } = (tool.input_schema ?? { type: "object" }) as Args;
    return rest.type ? rest : { ...rest, type: "object" };
  }, [tool]);

  const rjsfStrings = t("startDialog.rjsf", { returnObjects: true }) as Record<string, string>;
  const translateString = (key: TranslatableString, params?: string[]) => {
    const own = rjsfStrings[key];
    return own ? replaceStringParameters(own, params) : englishStringTranslator(key, params);
  };

  const call = async () => {
    if (formRef.current && !formRef.current.validateForm()) return;
    setCalling(true);
    setError(null);
    setResult(null);
    try {
      setResult({ value: await settingsApi.callTool(workspaceId, connection.id, tool.name, args) });
    } catch (err) {
      setError(err);
    } finally {
      setCalling(false);
    }
  };

  return (
    <section className="settings-tool-call" aria-labelledby={titleId}>
      <h4 id={titleId}>{t("settings.mcp.callTitle", { name: tool.name })}</h4>
      <div className="settings-tool-form">
        <Form<Args>
          key={i18n.language}
          ref={formRef}
          schema={schema}
          formData={args}
          validator={validator}
          onChange={(e) => setArgs((e.formData ?? {}) as Args)}
          onSubmit={call}
          uiSchema={{ "ui:submitButtonOptions": { norender: true } }}
          showErrorList={false}
          noHtml5Validate
          translateString={translateString}
          transformErrors={(errors) => errors.map((e) => localizeError(e, (key, params) => t(key, params)))}
          idPrefix={`tool-${tool.name}`}
        />
      </div>
      <button type="button" onClick={call} disabled={calling}>
        {calling ? t("settings.mcp.calling") : t("settings.mcp.call")}
      </button>
      <ProblemMessage error={error} />
      <div aria-live="polite">
        {view && (
          <>
            <h5>{view.isError ? t("settings.mcp.resultError") : t("settings.mcp.result")}</h5>
            <pre
              className={view.isError ? "settings-result problem" : "settings-result"}
              tabIndex={0}
              aria-label={view.isError ? t("settings.mcp.resultError") : t("settings.mcp.result")}
              data-testid="tool-result"
            >
              {view.text}
            </pre>
          </>
        )}
      </div>
    </section>
  );
}
