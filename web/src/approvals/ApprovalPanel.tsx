import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { endpoints } from "../api/endpoints";
import { keys, queryClient, useMe } from "../api/queries";
import type { Execution } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import type { NodeState } from "../live/reducer";
import { mayApprove } from "./waiting";

type Decision =
  | { kind: "approve" | "reject"; comment: string }
  | { kind: "budget"; budget: number };

/**
 * A decision the run waits for, on its monitor: a gate (승인 / 거절 with a comment) or a budget
 * (예산 올리기 / 중단). Members whose role may not decide see who can instead of buttons. The
 * panel goes away when the stream says the approval was resolved, whoever decided it.
 */
export function ApprovalPanel({
  execution,
  nodeId,
  node,
}: {
  execution: Execution;
  nodeId: string;
  node: NodeState;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const ids = useId();
  const [comment, setComment] = useState("");
  const approval = node.approval!;
  // The least budget that lets the waiting step run: what was spent plus what it may cost.
  const least =
    approval.kind === "budget" && approval.spent !== undefined && approval.needed !== undefined
      ? approval.spent + approval.needed
      : undefined;
  const [budget, setBudget] = useState(least !== undefined ? String(least) : "");
  const role = me.data?.workspaces.find((w) => w.id === execution.workspace_id)?.role;
  const allowed = mayApprove(role, approval.approvers);
  const decide = useMutation({
    mutationFn: (d: Decision) =>
      d.kind === "budget"
        ? endpoints.raiseBudget(execution.id, d.budget)
        : endpoints[d.kind](execution.id, { node_id: nodeId, comment: d.comment || undefined }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.execution(execution.id) });
      void queryClient.invalidateQueries({ queryKey: keys.approvals(execution.workspace_id) });
    },
  });
  const approvers = approval.approvers.map((r) => t(`approvals.roles.${r}`, { defaultValue: r }));
  const titleId = `${ids}-title`;
  return (
    <section
      className={`approval-panel kind-${approval.kind}`}
      aria-labelledby={titleId}
      data-testid="approval-panel"
      data-node={nodeId}
    >
      <h2 id={titleId}>
        {approval.kind === "budget" ? t("approvals.budgetTitle") : t("approvals.gateTitle")}:{" "}
        {node.label ?? nodeId}
      </h2>
      {least !== undefined && approval.budget !== undefined ? (
        // Said in the reader's language from the numbers; the server's message is in English.
        <p className="message">
          {t("approvals.budgetExplained", {
            needed: format.won(approval.needed!),
            spent: format.won(approval.spent!),
            budget: format.won(approval.budget),
            least: format.won(least),
          })}
        </p>
      ) : approval.message && (
        // Scrolls when long (it quotes the steps before it), so it must be reachable by keyboard.
        <div className="message" tabIndex={0} role="region" aria-label={t("approvals.message")}>
          {approval.message}
        </div>
      )}
      {approval.kind === "budget" && (
        <dl className="summary">
          <div>
            <dt>{t("approvals.spent")}</dt>
            <dd>{approval.spent !== undefined ? format.won(approval.spent) : "–"}</dd>
          </div>
          <div>
            <dt>{t("approvals.budget")}</dt>
            <dd>{approval.budget !== undefined ? format.won(approval.budget) : "–"}</dd>
          </div>
          <div>
            <dt>{t("approvals.needed")}</dt>
            <dd>{approval.needed !== undefined ? format.won(approval.needed) : "–"}</dd>
          </div>
        </dl>
      )}
      {!allowed ? (
        <p className="who-can" data-testid="who-can-approve">
          {t("approvals.whoCan", { roles: approvers.join(", ") })}
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (approval.kind === "budget") decide.mutate({ kind: "budget", budget: Number(budget) });
            else decide.mutate({ kind: "approve", comment });
          }}
        >
          {approval.kind === "budget" && (
            <label>
              {t("approvals.newBudget")}
              <input
                type="number"
                min={least ?? 0}
                step="any"
                required
                value={budget}
                onChange={(e) => setBudget(e.target.value)}
              />
            </label>
          )}
          <label>
            {t("approvals.comment")}
            <textarea value={comment} rows={2} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={decide.isPending}>
              {approval.kind === "budget" ? t("approvals.raiseBudget") : t("approvals.approve")}
            </button>
            <button
              type="button"
              className="danger"
              disabled={decide.isPending}
              onClick={() => decide.mutate({ kind: "reject", comment })}
            >
              {approval.kind === "budget" ? t("approvals.stop") : t("approvals.reject")}
            </button>
          </div>
          <ProblemMessage error={decide.error} />
        </form>
      )}
    </section>
  );
}
