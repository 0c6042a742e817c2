import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { useFormat } from "../i18n/format";
import type { Agent, InvokeResult } from "./api";
import { InvokeFailed, invokeStreaming } from "./sse";

interface Message {
  role: "user" | "assistant";
  content: string;
  /** Stopped or failed before the end: the text is what had arrived. */
  partial?: boolean;
}

/** Plain words for a failed call: the stream's error code or the refused request's status. */
function failureText(error: unknown, t: (key: string, o?: Record<string, unknown>) => string) {
  if (error instanceof InvokeFailed) {
    const known = ["insufficient_credits", "provider_error", "timeout", "cancelled", "cut"];
    const words = known.includes(error.code)
      ? t(`agents.playground.errors.${error.code}`)
      : t("agents.playground.errors.other");
    return error.message ? `${words} (${error.message})` : words;
  }
  if (error instanceof ApiError) {
    const status = error.problem.status;
    const detail = error.problem.detail ?? error.problem.title ?? "";
    const words =
      status === 402
        ? t("agents.playground.errors.insufficient_credits")
        : status === 403
          ? t("agents.playground.errors.forbidden")
          : status === 429
            ? t("agents.playground.errors.rateLimited")
            : t("agents.playground.errors.other");
    return detail ? `${words} (${detail})` : words;
  }
  return t("agents.playground.errors.network");
}

/**
 * A conversation with the saved agent: each send streams the reply as it is written, then shows
 * what it used and cost; the stop button abandons the call (what the provider had done is charged).
 */
export function Playground({
  agent,
  writable,
  unsaved,
}: {
  agent: Agent;
  writable: boolean;
  unsaved: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [reply, setReply] = useState<string | null>(null);
  const [result, setResult] = useState<InvokeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const streaming = reply !== null;

  // Leaving the page stops a call still streaming.
  useEffect(() => () => controller.current?.abort(), []);

  const send = async () => {
    const text = draft.trim();
    if (!text || streaming) return;
    const history: Message[] = [...messages, { role: "user", content: text }];
    setMessages(history);
    setDraft("");
    setResult(null);
    setError(null);
    setReply("");
    const abort = new AbortController();
    controller.current = abort;
    let soFar = "";
    try {
      const done = await invokeStreaming(
        {
          agent_id: agent.id,
          messages: history.map(({ role, content }) => ({ role, content })),
        },
        {
          onChunk: (chunk) => {
            soFar += chunk;
            setReply(soFar);
          },
          onRestart: () => {
            soFar = "";
            setReply("");
          },
        },
        abort.signal,
      );
      setMessages([...history, { role: "assistant", content: done.content }]);
      setResult(done);
    } catch (e) {
      const stopped = abort.signal.aborted;
      if (soFar) {
        setMessages([...history, { role: "assistant", content: soFar, partial: true }]);
      } else {
        // Nothing came back: the question goes back into the box, to send again.
        setMessages(messages);
        setDraft(text);
      }
      setError(stopped ? t("agents.playground.stopped") : failureText(e, t));
    } finally {
      controller.current = null;
      setReply(null);
    }
  };

  const reset = () => {
    setMessages([]);
    setResult(null);
    setError(null);
  };

  return (
    <section className="playground" aria-labelledby="playground-title">
      <h2 id="playground-title">{t("agents.playground.title")}</h2>
      {!writable ? (
        <p className="hint">{t("agents.playground.viewer")}</p>
      ) : (
        <>
          <p className="hint">
            {agent.model_provider === "simulated"
              ? t("agents.playground.simulated")
              : t("agents.playground.charged", { model: agent.model })}
            {unsaved && ` ${t("agents.playground.unsaved")}`}
          </p>
          <ol className="conversation" tabIndex={0} aria-label={t("agents.playground.conversation")}>
            {messages.length === 0 && !streaming && (
              <li className="empty">{t("agents.playground.empty")}</li>
            )}
            {messages.map((m, i) => (
              <li key={i} className={`message ${m.role}`}>
                <span className="who">{t(`agents.playground.${m.role}`)}</span>
                <div className="text">{m.content}</div>
                {m.partial && <span className="hint">{t("agents.playground.partial")}</span>}
              </li>
            ))}
            {streaming && (
              <li className="message assistant">
                <span className="who">{t("agents.playground.assistant")}</span>
                <div className="text" data-testid="playground-reply" data-streaming="true" aria-busy="true">
                  {reply || t("agents.playground.waiting")}
                </div>
              </li>
            )}
          </ol>
          <form
            className="playground-input"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <label htmlFor="playground-message">{t("agents.playground.message")}</label>
            <textarea
              id="playground-message"
              rows={3}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                // Ctrl/⌘+Enter sends; Enter alone is a new line.
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
            <div className="playground-actions">
              <button type="submit" disabled={streaming || draft.trim() === ""}>
                {t("agents.playground.send")}
              </button>
              <button
                type="button"
                className="danger"
                disabled={!streaming}
                onClick={() => controller.current?.abort()}
              >
                {t("agents.playground.stop")}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={streaming || messages.length === 0}
                onClick={reset}
              >
                {t("agents.playground.reset")}
              </button>
            </div>
          </form>
          <div aria-live="polite" className="playground-status">
            {error && (
              <p role="alert" className="problem">
                {error}
              </p>
            )}
            {result && (
              <dl className="playground-usage" data-testid="playground-usage">
                <div>
                  <dt>{t("agents.playground.inputTokens")}</dt>
                  <dd>{format.number(result.input_tokens)}</dd>
                </div>
                <div>
                  <dt>{t("agents.playground.outputTokens")}</dt>
                  <dd>{format.number(result.output_tokens)}</dd>
                </div>
                <div>
                  <dt>{t("agents.playground.cost")}</dt>
                  <dd>{format.won(result.cost)}</dd>
                </div>
                <div>
                  <dt>{t("agents.playground.creditsRemaining")}</dt>
                  <dd>{format.won(result.credits_remaining)}</dd>
                </div>
              </dl>
            )}
          </div>
        </>
      )}
    </section>
  );
}
