import { useTranslation } from "react-i18next";
import type { ModelCallRecord, PromptMessage, StepStatus, ToolCallRecord } from "../../api/types";
import { useFormat } from "../../i18n/format";
import type { NodeState } from "../../live/reducer";
import { pretty } from "./values";

/** What an agent node sent its agents: each system prompt, then the user message. */
export function PromptSection({
  prompt,
  status,
}: {
  prompt: PromptMessage[] | null | undefined;
  status: StepStatus;
}) {
  const { t } = useTranslation();
  return (
    <section aria-label={t("monitorDetail.inspector.prompt")} data-testid="inspector-prompt">
      <h3>{t("monitorDetail.inspector.prompt")}</h3>
      {prompt && prompt.length > 0 ? (
        prompt.map((m, i) => (
          <div key={i} className="message" data-role={m.role}>
            <p className="message-role">
              {t(`monitorDetail.inspector.roles.${m.role}`, { agent: m.agent_slug ?? "" })}
            </p>
            <pre className="text">{m.content}</pre>
          </div>
        ))
      ) : (
        <p className="muted">
          {status === "pending" || status === "skipped"
            ? t("monitorDetail.inspector.noInput")
            : t("monitorDetail.inspector.promptPending")}
        </p>
      )}
    </section>
  );
}

/** A value as text, or as indented JSON. */
export function ValueSection({
  title,
  value,
  empty,
}: {
  title: string;
  value: unknown;
  empty: string;
}) {
  const text = pretty(value);
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {text ? (
        <pre className={typeof value === "string" ? "text" : "json"}>{text}</pre>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}

/** The node's model calls (usage per call) and tool calls (with arguments and results). */
export function CallsSection({
  modelCalls,
  toolCalls,
  live,
}: {
  modelCalls: ModelCallRecord[] | undefined;
  toolCalls: ToolCallRecord[] | undefined;
  live: NodeState | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  // Recorded calls once the execution has them; a call still running shows from the stream.
  const running = (live?.toolCalls ?? []).filter((c) => c.status === "started");
  return (
    <>
      {modelCalls && modelCalls.length > 0 && (
        <section aria-label={t("monitorDetail.inspector.modelCalls")}>
          <h3>{t("monitorDetail.inspector.modelCalls")}</h3>
          <table className="calls">
            <thead>
              <tr>
                <th scope="col">{t("monitorDetail.inspector.attempt")}</th>
                <th scope="col">{t("monitorDetail.inspector.agent")}</th>
                <th scope="col">{t("monitorDetail.inspector.model")}</th>
                <th scope="col">{t("monitorDetail.inspector.inputTokens")}</th>
                <th scope="col">{t("monitorDetail.inspector.outputTokens")}</th>
                <th scope="col">{t("monitorDetail.inspector.cost")}</th>
              </tr>
            </thead>
            <tbody>
              {modelCalls.map((c, i) => (
                <tr key={i} data-status={c.status}>
                  <td>{format.number(c.attempt)}</td>
                  <td>{c.agent_slug}</td>
                  <td>
                    {c.model}
                    {c.status === "failed" && ` (${t("monitorDetail.inspector.callStatus.failed")})`}
                  </td>
                  <td>{format.number(c.input_tokens)}</td>
                  <td>{format.number(c.output_tokens)}</td>
                  <td>{format.won(c.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section aria-label={t("monitorDetail.inspector.toolCalls")}>
        <h3>{t("monitorDetail.inspector.toolCalls")}</h3>
        {(toolCalls?.length ?? 0) + running.length === 0 ? (
          <p className="muted">{t("monitorDetail.inspector.noToolCalls")}</p>
        ) : (
          <ol className="tool-calls">
            {(toolCalls ?? []).map((c, i) => (
              <li key={i} data-status={c.status}>
                <p>
                  <code>
                    {c.mcp}.{c.tool}
                  </code>{" "}
                  {t(`monitorDetail.inspector.callStatus.${c.status}`)} ·{" "}
                  {format.duration(c.duration_ms)}
                  {c.simulated && ` · ${t("monitorDetail.inspector.simulated")}`}
                </p>
                {c.arguments !== undefined && (
                  <>
                    <p className="message-role">{t("monitorDetail.inspector.arguments")}</p>
                    <pre className="json">{pretty(c.arguments)}</pre>
                  </>
                )}
                {c.result !== undefined && (
                  <>
                    <p className="message-role">
                      {t("monitorDetail.inspector.result")}
                      {c.result_cut && ` ${t("monitorDetail.inspector.resultCut")}`}
                    </p>
                    <pre className="text">{c.result}</pre>
                  </>
                )}
              </li>
            ))}
            {running.map((c, i) => (
              <li key={`running-${i}`} data-status="started">
                <code>
                  {c.mcp}.{c.tool}
                </code>{" "}
                {t("monitorDetail.inspector.callStatus.started")}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
