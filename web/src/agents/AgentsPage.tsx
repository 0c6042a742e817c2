import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { useAgents } from "./api";
import { canWriteAgents } from "./roles";
import "./agents.css";

/** The workspace's agents: what each one runs on, and the way to a new one. */
export function AgentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const workspace = useWorkspace();
  const agents = useAgents(workspace?.id);
  const writable = canWriteAgents(workspace?.role);
  const sorted = [...(agents.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <main id="main" className="agents">
      <div className="agents-head">
        <h1>{t("agents.title")}</h1>
        {writable ? (
          <Link to="/agents/new" className="button-link">
            {t("agents.new")}
          </Link>
        ) : (
          workspace && <p className="agents-readonly">{t("agents.viewerReadOnly")}</p>
        )}
      </div>
      <ProblemMessage error={agents.error} />
      {agents.isPending && workspace && <p>{t("common.loading")}</p>}
      {agents.data && sorted.length === 0 && (
        <p className="agents-empty">{writable ? t("agents.emptyWritable") : t("agents.empty")}</p>
      )}
      {sorted.length > 0 && (
        <table className="agents-table">
          <caption className="visually-hidden">{t("agents.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agents.name")}</th>
              <th scope="col">{t("agents.slug")}</th>
              <th scope="col">{t("agents.model")}</th>
              <th scope="col">{t("agents.provider")}</th>
              <th scope="col" className="number">{t("agents.toolsCount")}</th>
              <th scope="col">{t("agents.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => (
              <tr key={a.id} data-slug={a.slug}>
                <td>
                  <Link to={`/agents/${a.id}`}>{a.name}</Link>
                </td>
                <td>
                  <code>{a.slug}</code>
                </td>
                <td className="agents-model">{a.model}</td>
                <td>{t(`agents.providers.${a.model_provider}`)}</td>
                <td className="number">{format.number(a.tools?.length ?? 0)}</td>
                <td>
                  <time dateTime={a.updated_at}>{format.date(a.updated_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
