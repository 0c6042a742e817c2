import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../api/queries";
import type { Execution, GraphNode, StepError } from "../../api/types";
import { useFormat } from "../../i18n/format";
import type { NodeState } from "../../live/reducer";
import { AgentTexts } from "../AgentStreams";
import { statusIcon } from "../status";
import { errorWordsKey, serverDetail } from "./errorWords";
import { CallsSection, PromptSection, ValueSection } from "./InspectorSections";
import { attemptsOf } from "./values";
import "./inspector.css";

/**
 * The side panel of one node: its facts, error in plain words, attempts, streamed text, prompt,
 * input, output and calls. Live fields come from the event stream; the rest from the execution,
 * fetched again whenever the node's status, attempt or tool calls move on. Esc closes it.
 */
export function NodeInspector({
  execution,
  node,
  live,
  onClose,
}: {
  execution: Execution | undefined;
  node: GraphNode;
  live: NodeState | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const step = execution?.steps.find((s) => s.node_id === node.id);

  useEffect(() => panel.current?.focus(), [node.id]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  // What the execution GET adds (input, prompt, output, calls) changes when these do.
  const progress = [
    live?.status,
    live?.attempt,
    live?.willRetry,
    live?.toolCalls.map((c) => c.status).join(","),
  ].join("|");
  const executionId = execution?.id;
  useEffect(() => {
    if (executionId) void queryClient.invalidateQueries({ queryKey: keys.execution(executionId) });
  }, [progress, executionId, queryClient]);

  // The stored step wins once it has caught up with the stream; until then the stream's fields.
  const synced = step && (!live || (step.status === live.status && step.attempt === live.attempt));
  const status = (synced ? step.status : live?.status) ?? step?.status ?? "pending";
  const attempt = (synced ? step.attempt : live?.attempt) ?? step?.attempt ?? 0;
  const durationMs = (synced ? step.duration_ms : live?.durationMs) ?? live?.durationMs;
  const cost = (synced ? step.cost : live?.cost) ?? live?.cost;
  const inputTokens = (synced ? step.input_tokens : live?.inputTokens) ?? live?.inputTokens;
  const outputTokens = (synced ? step.output_tokens : live?.outputTokens) ?? live?.outputTokens;
  const error: StepError | undefined =
    (synced ? step.error : live?.error) ?? (status === "failed" ? step?.error : undefined) ?? undefined;
  const attempts = attemptsOf({
    attempt,
    status,
    error,
    modelCalls: step?.model_calls,
    toolCalls: step?.tool_calls,
    earlierErrors: Object.fromEntries((live?.attempts ?? []).map((a) => [a.attempt, a.error])),
  });
  const streaming = node.type === "agent_call" && status === "running";

  return (
    <div
      className="inspector"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={panel}
      data-node-id={node.id}
    >
      <header className="inspector-head">
        <h2 id={titleId}>{t("monitorDetail.inspector.title", { label: node.label })}</h2>
        <button type="button" onClick={onClose}>
          {t("monitorDetail.inspector.close")}
        </button>
      </header>
      <dl className="facts">
        <Fact name={t("monitorDetail.inspector.type")}>
          {t(`monitorDetail.inspector.types.${node.type}`)}
        </Fact>
        <Fact name={t("monitorDetail.inspector.status")} testId="inspector-status">
          <span aria-hidden="true">{statusIcon[status]}</span> {t(`execution.step.${status}`)}
        </Fact>
        <Fact name={t("monitorDetail.inspector.attempt")}>{format.number(attempt)}</Fact>
        {durationMs != null && (
          <Fact name={t("monitorDetail.inspector.duration")}>{format.duration(durationMs)}</Fact>
        )}
        {node.type === "agent_call" && (
          <>
            <Fact name={t("monitorDetail.inspector.inputTokens")} testId="inspector-input-tokens">
              {inputTokens != null ? format.number(inputTokens) : "—"}
            </Fact>
            <Fact name={t("monitorDetail.inspector.outputTokens")} testId="inspector-output-tokens">
              {outputTokens != null ? format.number(outputTokens) : "—"}
            </Fact>
          </>
        )}
        <Fact name={t("monitorDetail.inspector.cost")} testId="inspector-cost">
          {cost != null ? format.won(cost) : "—"}
        </Fact>
      </dl>
      {error && <ErrorWords error={error} willRetry={!!live?.willRetry && status === "running"} />}
      {attempts.length > 0 && (
        <section aria-label={t("monitorDetail.inspector.attempts")}>
          <h3>{t("monitorDetail.inspector.attempts")}</h3>
          <ol className="attempts">
            {attempts.map((a) => (
              <li key={a.attempt} data-status={a.status}>
                {t("monitorDetail.inspector.attemptN", { n: a.attempt })}:{" "}
                {t(`monitorDetail.inspector.attemptStatus.${a.status}`)}
                {a.attempt < attempt && ` (${t("monitorDetail.inspector.retried")})`}
                {(a.modelCalls > 0 || a.toolCalls > 0) &&
                  ` · ${t("monitorDetail.inspector.attemptCalls", { models: a.modelCalls, tools: a.toolCalls })}`}
                {a.cost > 0 && ` · ${format.won(a.cost)}`}
                {a.error && (
                  <span className="attempt-error"> · {t(errorWordsKey(a.error.code))}</span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {streaming && (
        <section aria-label={t("monitorDetail.inspector.streamed")}>
          <h3>{t("monitorDetail.inspector.streamed")}</h3>
          <AgentTexts node={node} live={live} label={node.label} />
        </section>
      )}
      {node.type === "agent_call" && <PromptSection prompt={step?.prompt} status={status} />}
      <ValueSection
        title={t("monitorDetail.inspector.input")}
        value={step?.input}
        empty={t("monitorDetail.inspector.noInput")}
      />
      <ValueSection
        title={t("monitorDetail.inspector.output")}
        value={status === "completed" ? step?.output : undefined}
        empty={t("monitorDetail.inspector.noOutput")}
      />
      <CallsSection modelCalls={step?.model_calls} toolCalls={step?.tool_calls} live={live} />
    </div>
  );
}

function Fact({
  name,
  testId,
  children,
}: {
  name: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <dt>{name}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** The error in a sentence anyone can read, with the server's message for the details. */
export function ErrorWords({ error, willRetry }: { error: StepError; willRetry?: boolean }) {
  const { t } = useTranslation();
  const detail = serverDetail(error);
  return (
    <section className="error-words" aria-label={t("monitorDetail.inspector.error")}>
      <h3>{t("monitorDetail.inspector.error")}</h3>
      <p data-code={error.code}>{t(errorWordsKey(error.code))}</p>
      {detail && (
        <p className="server-message">{t("monitorDetail.inspector.serverMessage", { message: detail })}</p>
      )}
      {willRetry && <p>{t("monitorDetail.inspector.willRetry")}</p>}
    </section>
  );
}
