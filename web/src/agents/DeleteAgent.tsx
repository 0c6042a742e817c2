import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { usePipelines } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { agentCalls, agentKeys, type Agent } from "./api";

/**
 * Delete with a confirmation that names the pipelines still calling the agent: the server deletes
 * it all the same, and those pipelines then fail at that step.
 */
export function DeleteAgent({ ws, agent }: { ws: string; agent: Agent }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const pipelines = usePipelines(asking ? ws : undefined);
  const users = (pipelines.data ?? []).filter((p) =>
    p.graph_definition.nodes.some(
      (n) => n.agent_slug === agent.slug || n.agent_slugs?.includes(agent.slug),
    ),
  );
  const remove = useMutation({
    mutationFn: () => agentCalls.remove(ws, agent.id),
    onSuccess: () => {
      client.removeQueries({ queryKey: agentKeys.one(ws, agent.id) });
      void client.invalidateQueries({ queryKey: agentKeys.list(ws) });
      navigate("/agents", { replace: true });
    },
  });

  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        {t("agents.delete.button")}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="delete-question" className="delete-confirm">
      <p id="delete-question">{t("agents.delete.question", { name: agent.name })}</p>
      {pipelines.isPending && <p>{t("common.loading")}</p>}
      {users.length > 0 && (
        <p className="warning">
          {t("agents.delete.usedBy", { pipelines: users.map((p) => p.name).join(", ") })}
        </p>
      )}
      <ProblemMessage error={remove.error} />
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => remove.mutate()}
        autoFocus
      >
        {t("agents.delete.yes")}
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {t("agents.delete.no")}
      </button>
    </div>
  );
}
