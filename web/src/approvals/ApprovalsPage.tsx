import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePipelines, useWaitingApprovals } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { NotificationPermission } from "./NotificationPermission";

/** The approvals inbox: each decision the current workspace waits for, oldest first. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const workspace = useWorkspace();
  const waiting = useWaitingApprovals(workspace?.id);
  const pipelines = usePipelines(workspace?.id);
  const nameOf = (id?: string) => pipelines.data?.find((p) => p.id === id)?.name ?? "…";
  const rows = [...(waiting.data ?? [])].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  return (
    <main id="main" className="approvals">
      <h1>{t("approvals.title")}</h1>
      <NotificationPermission />
      <ProblemMessage error={waiting.error} />
      {waiting.isPending && <p>{t("common.loading")}</p>}
      {waiting.data && rows.length === 0 && <p>{t("approvals.empty")}</p>}
      {rows.length > 0 && (
        <table className="inbox">
          <thead>
            <tr>
              <th scope="col">{t("approvals.pipeline")}</th>
              <th scope="col">{t("approvals.node")}</th>
              <th scope="col">{t("approvals.kind")}</th>
              <th scope="col">{t("approvals.since")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("approvals.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={`${w.executionId}/${w.nodeId}`} data-execution={w.executionId}>
                <td>{nameOf(w.pipelineId)}</td>
                <td>{w.label}</td>
                <td>{t(`approvals.kinds.${w.kind}`)}</td>
                <td>
                  <time dateTime={w.requestedAt}>{format.date(w.requestedAt)}</time>
                </td>
                <td>
                  <Link to={`/executions/${w.executionId}`}>
                    {t("approvals.openMonitor", { label: w.label })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
