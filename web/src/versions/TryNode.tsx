import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import type { GraphDefinition, GraphNode } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { tryNode, type TrialResult } from "./api";
import { samplesOf } from "./samples";
import "./versions.css";

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false };

function parseObject(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? { ok: true, value: value as Record<string, unknown> }
      : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** Error codes the service sends that a person can act on, said in plain words. */
const KNOWN_CODES = ["insufficient_credits", "provider_error", "timeout", "cancelled"] as const;

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.problem as { code?: string; status: number };
  if (problem.code) return problem.code;
  return problem.status === 402 ? "insufficient_credits" : undefined;
}

/**
 * ▶ 시도: runs one agent_call node alone with sample input (the graph's `metadata.sample_input`)
 * and sample outputs of the upstream nodes its prompt reads, streams each agent's reply as it
 * arrives, then shows tokens, cost and the prompt exactly as a run would send it. Charged like any
 * call; members and up (a viewer sees why the button is off).
 */
export function TryNode({
  graph,
  node,
  pipelineId,
}: {
  graph: GraphDefinition;
  node: GraphNode;
  pipelineId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const workspace = useWorkspace();
  const inputId = useId();
  const stepsId = useId();
  const hintId = useId();
  const samples = samplesOf(graph, node);
  const [inputText, setInputText] = useState(() => JSON.stringify(samples.input, null, 2));
  const [stepsText, setStepsText] = useState(() => JSON.stringify(samples.steps, null, 2));
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [result, setResult] = useState<TrialResult>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  // Another node (or leaving the page) stops a trial still streaming.
  useEffect(() => () => abort.current?.abort(), []);

  const input = parseObject(inputText);
  const steps = parseObject(stepsText);
  const canRun = workspace !== undefined && workspace.role !== "viewer";
  const hasUpstream = Object.keys(samples.steps).length > 0;

  const run = async () => {
    if (!input.ok || !steps.ok || running || !workspace) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setTexts({});
    setResult(undefined);
    setError(undefined);
    try {
      const done = await tryNode(
        {
          ...(pipelineId ? { pipeline_id: pipelineId } : { workspace_id: workspace.id }),
          graph_definition: graph,
          node_id: node.id,
          input: input.value,
          steps: steps.value,
        },
        {
          chunk: (slug, text) => setTexts((now) => ({ ...now, [slug]: (now[slug] ?? "") + text })),
          restart: (slug) => setTexts((now) => ({ ...now, [slug]: "" })),
        },
        controller.signal,
      );
      setResult(done);
    } catch (e) {
      if (!controller.signal.aborted) setError(e);
    } finally {
      if (abort.current === controller) setRunning(false);
    }
  };

  const code = codeOf(error);
  const known = code && (KNOWN_CODES as readonly string[]).includes(code);
  const userPrompt = result?.prompt.filter((m) => m.role === "user").map((m) => m.content).join("\n");

  return (
    <section className="try-node" aria-label={t("versions.try.title", { label: node.label })}>
      <h3>{t("versions.try.title", { label: node.label })}</h3>
      <p className="hint" id={hintId}>
        {t("versions.try.hint")}
      </p>
      <label htmlFor={inputId}>{t("versions.try.input")}</label>
      <textarea
        id={inputId}
        rows={5}
        value={inputText}
        onChange={(e) => setInputText(e.target.value)}
        aria-invalid={!input.ok}
        aria-describedby={hintId}
      />
      {!input.ok && (
        <p role="alert" className="field-error">
          {t("versions.try.notJson")}
        </p>
      )}
      {hasUpstream && (
        <>
          <label htmlFor={stepsId}>{t("versions.try.steps")}</label>
          <textarea
            id={stepsId}
            rows={4}
            value={stepsText}
            onChange={(e) => setStepsText(e.target.value)}
            aria-invalid={!steps.ok}
          />
          {!steps.ok && (
            <p role="alert" className="field-error">
              {t("versions.try.notJson")}
            </p>
          )}
        </>
      )}
      <div className="try-actions">
        <button type="button" onClick={() => void run()} disabled={!canRun || running || !input.ok || !steps.ok}>
          {running ? t("versions.try.running") : t("versions.try.run")}
        </button>
        {!canRun && workspace && <span className="hint">{t("versions.viewerNote")}</span>}
      </div>

      {(running || Object.keys(texts).length > 0) && (
        <div className="try-output" aria-live="polite" aria-busy={running}>
          {Object.entries(texts).map(([slug, text]) => (
            <section key={slug} aria-label={t("versions.try.reply", { agent: slug })} data-agent={slug}>
              <h4>{slug}</h4>
              <pre className="try-text" tabIndex={0}>{text}</pre>
            </section>
          ))}
          {running && Object.keys(texts).length === 0 && <p>{t("versions.try.waiting")}</p>}
        </div>
      )}

      {error !== undefined &&
        (known ? (
          <div role="alert" className="problem">
            <p>{t(`versions.try.errors.${code}`)}</p>
            {error instanceof ApiError && error.problem.detail && <p className="hint">{error.problem.detail}</p>}
          </div>
        ) : (
          <ProblemMessage error={error} />
        ))}

      {result && (
        <div className="try-result" data-testid="try-result">
          <dl>
            <dt>{t("versions.try.tokensIn")}</dt>
            <dd>{format.number(result.input_tokens)}</dd>
            <dt>{t("versions.try.tokensOut")}</dt>
            <dd>{format.number(result.output_tokens)}</dd>
            <dt>{t("versions.try.cost")}</dt>
            <dd>{format.won(result.cost)}</dd>
            {result.credits_remaining !== null && (
              <>
                <dt>{t("versions.try.remaining")}</dt>
                <dd>{format.won(result.credits_remaining)}</dd>
              </>
            )}
          </dl>
          {result.simulated && <p className="hint">{t("versions.try.simulated")}</p>}
          {!result.tools_offered && (node as { tools?: unknown[] }).tools?.length ? (
            <p className="hint">{t("versions.try.noTools")}</p>
          ) : null}
          <details>
            <summary>{t("versions.try.prompt")}</summary>
            <pre className="try-text" tabIndex={0}>{userPrompt}</pre>
          </details>
        </div>
      )}
    </section>
  );
}
