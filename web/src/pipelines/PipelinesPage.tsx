import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePipelines } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { useWorkspace } from "../workspaces/useWorkspace";
import { PipelineCard } from "./PipelineCard";

export function PipelinesPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const pipelines = usePipelines(workspace?.id);
  return (
    <main id="main">
      <div className="page-title">
        <h1>{t("pipelines.title")}</h1>
        {workspace && workspace.role !== "viewer" && (
          <Link to="/pipelines/new" className="button">
            {t("canvas.newPipeline")}
          </Link>
        )}
      </div>
      {pipelines.isPending && <p>{t("common.loading")}</p>}
      <ProblemMessage error={pipelines.error} />
      {pipelines.data?.length === 0 && <p>{t("pipelines.empty")}</p>}
      <ul className="cards">
        {pipelines.data?.map((p) => (
          <li key={p.id}>
            <PipelineCard pipeline={p} />
          </li>
        ))}
      </ul>
    </main>
  );
}
