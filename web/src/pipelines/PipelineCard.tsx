import { useTranslation } from "react-i18next";
import type { Pipeline } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useStartPipeline } from "./useStartPipeline";

export function PipelineCard({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const start = useStartPipeline(pipeline);
  const headingId = `pipeline-${pipeline.id}`;
  return (
    <article className="card" aria-labelledby={headingId} data-slug={pipeline.slug}>
      <h2 id={headingId}>{pipeline.name}</h2>
      {pipeline.description && <p className="description">{pipeline.description}</p>}
      <p className="meta">{t("pipelines.nodes", { count: pipeline.graph_definition.nodes.length })}</p>
      <ProblemMessage error={start.error} />
      <button
        type="button"
        onClick={() => start.mutate()}
        disabled={start.isPending}
        aria-label={`${t("pipelines.run")}: ${pipeline.name}`}
      >
        {start.isPending ? t("pipelines.starting") : t("pipelines.run")}
      </button>
    </article>
  );
}
