import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useExecution, useExecutionPipeline } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { ExecutionGraph } from "../executions/ExecutionGraph";
import type { NodeNote } from "../executions/StepNode";
import { useFormat } from "../i18n/format";
import { emptyNode, type NodeState } from "../live/reducer";
import { CompareSummary } from "./CompareSummary";
import { CompareTable } from "./CompareTable";
import { compareExecutions, type NodeComparison } from "./model";
import { OutputDiff } from "./OutputDiff";

/** Nodes with four lines of deltas under their meta need room in the layout. */
const NOTE_NODE_HEIGHT = 150;

/**
 * Two runs of one pipeline side by side (`/compare?a=<id>&b=<id>`): a summary of each, the
 * pipeline's graph with what changed on each node, the same as a table, and a text diff of the
 * outputs of the node picked.
 */
export function ComparePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [search] = useSearchParams();
  const idA = search.get("a") ?? "";
  const idB = search.get("b") ?? "";
  const a = useExecution(idA);
  const b = useExecution(idB);
  const graphA = useExecutionPipeline(a.data);
  const graphB = useExecutionPipeline(b.data);
  const [selected, setSelected] = useState<string>();

  const samePipeline = a.data && b.data && a.data.pipeline_id === b.data.pipeline_id;
  const comparison = useMemo(
    () =>
      a.data && b.data && samePipeline && graphA.data && graphB.data
        ? compareExecutions(a.data, b.data, graphA.data.graph_definition, graphB.data.graph_definition)
        : undefined,
    [a.data, b.data, samePipeline, graphA.data, graphB.data],
  );

  // On the graph each node shows run B's state, with A → B underneath.
  const nodes = useMemo(() => {
    const states: Record<string, NodeState> = {};
    for (const n of comparison?.nodes ?? []) {
      const step = n.b ?? n.a;
      if (!step) continue;
      states[n.nodeId] = {
        ...emptyNode(),
        status: step.status,
        durationMs: step.duration_ms ?? undefined,
        cost: step.cost ?? undefined,
      };
    }
    return states;
  }, [comparison]);
  const notes = useMemo(() => {
    const notes: Record<string, NodeNote> = {};
    for (const n of comparison?.nodes ?? []) notes[n.nodeId] = noteOf(n, selected === n.nodeId);
    return notes;
  }, [comparison, selected, format, t]);

  function noteOf(n: NodeComparison, isSelected: boolean): NodeNote {
    const status = (s?: string) => (s ? t(`execution.step.${s}`) : t("compare.none"));
    const lines: string[] = [];
    if (n.presence !== "both") {
      lines.push(`● ${t(`compare.${n.presence}`)}`);
    } else {
      lines.push(`${n.changed ? "●" : "○"} ${t(n.changed ? "compare.changed" : "compare.unchanged")}`);
      lines.push(t("compare.noteStatus", { a: status(n.statusA), b: status(n.statusB) }));
      if (n.durationDelta !== null)
        lines.push(t("compare.noteDuration", { delta: format.signedDuration(n.durationDelta) }));
      if (n.costDelta !== null) lines.push(t("compare.noteCost", { delta: format.signedWon(n.costDelta) }));
      if (n.inputTokensDelta !== null && n.outputTokensDelta !== null)
        lines.push(
          t("compare.noteTokens", {
            input: format.signedNumber(n.inputTokensDelta),
            output: format.signedNumber(n.outputTokensDelta),
          }),
        );
    }
    const tone = n.presence !== "both" ? "only" : n.changed ? "changed" : undefined;
    return { lines, ...(tone ? { tone } : {}), selected: isSelected };
  }

  const chosen = comparison?.nodes.find((n) => n.nodeId === selected);
  const name = graphB.data?.name ?? graphA.data?.name;
  return (
    <main id="main" className="compare">
      <h1>
        {t("compare.title")}
        {name && `: ${name}`}
      </h1>
      <p>
        <Link to={`/executions${name && samePipeline ? `?pipeline=${a.data!.pipeline_id}` : ""}`}>
          {t("compare.backToHistory")}
        </Link>
      </p>
      {(!idA || !idB) && <p role="alert">{t("compare.missing")}</p>}
      <ProblemMessage error={a.error ?? b.error ?? graphA.error ?? graphB.error} />
      {a.data && b.data && !samePipeline && (
        <p role="alert" className="problem">
          {t("compare.differentPipelines")}
        </p>
      )}
      {comparison && (
        <>
          <CompareSummary comparison={comparison} />
          <ExecutionGraph
            graph={comparison.graph}
            nodes={nodes}
            notes={notes}
            onOpen={setSelected}
            nodeHeight={NOTE_NODE_HEIGHT}
          />
          <div className="compare-details">
            <CompareTable nodes={comparison.nodes} selected={selected} onSelect={setSelected} />
            <OutputDiff node={chosen} />
          </div>
        </>
      )}
    </main>
  );
}
