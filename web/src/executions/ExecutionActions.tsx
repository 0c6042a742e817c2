import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { endpoints } from "../api/endpoints";
import { keys, queryClient, useMe } from "../api/queries";
import type { Execution, ExecutionStatus } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { actionsFor } from "../history/actions";

/** An idempotency key per intended re-run: a double click starts one run, not two. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Lists that show this execution (history pages, the approvals inbox) are out of date. */
function refreshLists(id: string) {
  void queryClient.invalidateQueries({ queryKey: ["executions"] });
  void queryClient.invalidateQueries({ queryKey: keys.execution(id) });
}

/**
 * Re-run with the same input, retry from the failed step, cancel (with a confirmation): what the
 * execution's status allows, for roles that may run pipelines. On a history row (`compact`) the
 * buttons show short words, their accessible names the whole action.
 */
export function ExecutionActions({
  execution,
  status = execution.status,
  compact = false,
}: {
  execution: Execution;
  /** The live status when the caller follows the run (the monitor), else the fetched one. */
  status?: ExecutionStatus;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const role = me.data?.workspaces.find((w) => w.id === execution.workspace_id)?.role;
  const key = useRef(newKey());
  const [confirming, setConfirming] = useState(false);
  const confirmYes = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  const rerun = useMutation({
    mutationFn: () =>
      endpoints.start({
        pipeline_id: execution.pipeline_id,
        input: execution.input ?? {},
        idempotency_key: key.current,
      }),
    onSuccess: (answer) => {
      key.current = newKey();
      void queryClient.invalidateQueries({ queryKey: ["executions"] });
      navigate(`/executions/${answer.execution_id}`);
    },
  });
  const retry = useMutation({
    mutationFn: () => endpoints.retry(execution.id),
    onSuccess: () => {
      refreshLists(execution.id);
      // A new navigation to the monitor (also from the monitor itself) follows the run afresh.
      navigate(`/executions/${execution.id}`, { state: { retried: Date.now() } });
    },
  });
  const cancel = useMutation({
    mutationFn: () => endpoints.cancel(execution.id),
    onSuccess: () => {
      setConfirming(false);
      refreshLists(execution.id);
    },
  });

  useEffect(() => {
    if (confirming) confirmYes.current?.focus();
  }, [confirming]);

  const actions = actionsFor(status, role);
  if (actions.length === 0) return null;
  const busy = rerun.isPending || retry.isPending || cancel.isPending;
  const label = (action: "rerun" | "retry" | "cancel") =>
    compact ? { "aria-label": t(`runActions.${action}`) } : {};
  const text = (action: "rerun" | "retry" | "cancel") =>
    t(compact ? `runActions.${action}Short` : `runActions.${action}`);
  const closeConfirm = () => {
    setConfirming(false);
    // Focus goes back where it came from, not to the page's top.
    requestAnimationFrame(() => cancelButton.current?.focus());
  };

  return (
    <div className={`run-actions${compact ? " compact" : ""}`}>
      <div role="group" aria-label={t("runActions.label")} className="run-action-buttons">
        {actions.includes("rerun") && (
          <button type="button" onClick={() => rerun.mutate()} disabled={busy} {...label("rerun")}>
            <span aria-hidden="true">↻ </span>
            {text("rerun")}
          </button>
        )}
        {actions.includes("retry") && (
          <button type="button" onClick={() => retry.mutate()} disabled={busy} {...label("retry")}>
            <span aria-hidden="true">⟲ </span>
            {text("retry")}
          </button>
        )}
        {actions.includes("cancel") && !confirming && (
          <button
            type="button"
            ref={cancelButton}
            className="danger"
            onClick={() => setConfirming(true)}
            disabled={busy}
            {...label("cancel")}
          >
            <span aria-hidden="true">⏹ </span>
            {text("cancel")}
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-label={t("runActions.cancel")}
          aria-describedby={`confirm-cancel-${execution.id}`}
          className="confirm"
          onKeyDown={(e) => e.key === "Escape" && closeConfirm()}
        >
          <p id={`confirm-cancel-${execution.id}`}>{t("runActions.confirmCancel")}</p>
          <button
            type="button"
            ref={confirmYes}
            className="danger"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            {t("runActions.confirmYes")}
          </button>
          <button type="button" className="secondary" onClick={closeConfirm}>
            {t("runActions.confirmNo")}
          </button>
        </div>
      )}
      {busy && (
        <span className="visually-hidden" role="status">
          {t("runActions.working")}
        </span>
      )}
      <ProblemMessage error={rerun.error ?? retry.error ?? cancel.error} />
    </div>
  );
}
