import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Pipeline } from "../api/types";
import { useWorkspace } from "../workspaces/useWorkspace";

// The form library and its JSON Schema validator load only when a dialog first opens.
const StartDialog = lazy(() => import("./StartDialog"));

export function PipelineCard({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const [starting, setStarting] = useState(false);
  const headingId = `pipeline-${pipeline.id}`;
  // The server answers a viewer's start 403: the button says so instead of failing.
  const viewer = useWorkspace()?.role === "viewer";
  return (
    <article className="card" aria-labelledby={headingId} data-slug={pipeline.slug}>
      <h2 id={headingId}>{pipeline.name}</h2>
      {pipeline.description && <p className="description">{pipeline.description}</p>}
      <p className="meta">{t("pipelines.nodes", { count: pipeline.graph_definition.nodes.length })}</p>
      <button
        type="button"
        onClick={() => setStarting(true)}
        aria-haspopup="dialog"
        aria-label={`${t("pipelines.run")}: ${pipeline.name}`}
        disabled={viewer}
        aria-describedby={viewer ? `${headingId}-viewer` : undefined}
      >
        {t("pipelines.run")}
      </button>
      {viewer && (
        <p id={`${headingId}-viewer`} className="meta">
          {t("settings.viewerCannotRun")}
        </p>
      )}
      <Link to={`/pipelines/${pipeline.id}/versions`} aria-label={t("versions.historyLinkFor", { name: pipeline.name })}>
        {t("versions.historyLink")}
      </Link>
      <Link
        to={`/pipelines/${pipeline.id}/edit`}
        className="edit-link"
        aria-label={t("canvas.editLabel", { name: pipeline.name })}
      >
        {t("canvas.edit")}
      </Link>
      {starting && (
        <Suspense fallback={null}>
          <StartDialog pipeline={pipeline} onClose={() => setStarting(false)} />
        </Suspense>
      )}
    </article>
  );
}
