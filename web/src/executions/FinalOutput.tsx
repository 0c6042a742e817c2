import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { keys } from "../api/queries";
import type { Execution, GraphDefinition } from "../api/types";
import { outputView } from "./finalOutput";
import "./inspector/inspector.css";

// A document's headings sit under the page's: its h1 becomes `top` (h3 under a section's h2).
function headings(top: number): Components {
  const shifted = (level: number) => {
    const Tag = `h${Math.min(level + top - 1, 6)}` as "h3";
    return ({ children }: { children?: ReactNode }) => <Tag>{children}</Tag>;
  };
  return { h1: shifted(1), h2: shifted(2), h3: shifted(3), h4: shifted(4), h5: shifted(5), h6: shifted(6) };
}
const byTop: Record<number, Components> = { 3: headings(3), 4: headings(4) };

/** Text as Markdown (no raw HTML: react-markdown's safe default, no rehype-raw). */
export function MarkdownText({ text, top = 3 }: { text: string; top?: 3 | 4 }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} components={byTop[top]}>
      {text}
    </Markdown>
  );
}

/** The run's output once it completed: its texts as Markdown, the rest as JSON. */
export function FinalOutput({ output, graph }: { output: unknown; graph?: GraphDefinition }) {
  const { t } = useTranslation();
  const nodes = graph?.nodes ?? [];
  const order = [...nodes.map((n) => n.id), ...nodes.flatMap((n) => n.agent_slugs ?? [])];
  const view = outputView(output, order);
  if (view.markdown.length === 0 && !view.json) return null;
  const title = (path: string) => {
    const [first, ...rest] = path.split(".");
    const label = graph?.nodes.find((n) => n.id === first)?.label ?? first;
    return [label, ...rest].join(" · ");
  };
  return (
    <section className="final-output" aria-labelledby="final-output-title">
      <h2 id="final-output-title">{t("monitorDetail.finalOutput.title")}</h2>
      {view.markdown.map((part) => (
        <article key={part.path ?? ""} className="markdown" data-path={part.path}>
          {part.path && <h3 className="part-title">{title(part.path)}</h3>}
          <MarkdownText text={part.text} top={part.path ? 4 : 3} />
        </article>
      ))}
      {view.json && (
        <details>
          <summary>{t("monitorDetail.finalOutput.json")}</summary>
          <pre className="json">{view.json}</pre>
        </details>
      )}
    </section>
  );
}

/**
 * The final output of a run the stream says completed; the execution fetched while it ran has no
 * output yet, so it is fetched again once.
 */
export function CompletedOutput({
  execution,
  graph,
}: {
  execution: Execution;
  graph?: GraphDefinition;
}) {
  const queryClient = useQueryClient();
  const stale = execution.status !== "completed";
  useEffect(() => {
    if (stale) void queryClient.invalidateQueries({ queryKey: keys.execution(execution.id) });
  }, [stale, execution.id, queryClient]);
  return stale ? null : <FinalOutput output={execution.output} graph={graph} />;
}
