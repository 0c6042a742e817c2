import { useTranslation } from "react-i18next";
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
      <h1>{t("pipelines.title")}</h1>
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
