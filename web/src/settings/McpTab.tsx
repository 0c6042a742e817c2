import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useWorkspace } from "../workspaces/useWorkspace";
import { settingsApi, settingsKeys, useConnections, useSecrets, type McpConnection, type McpTestResult } from "./api";
import { Confirm, ReadOnlyNote } from "./Confirm";
import { ConnectionForm } from "./ConnectionForm";
import { secretRefs } from "./connectionDraft";
import { mayAdminister, mayUseTools } from "./permissions";
import { ToolsPanel } from "./ToolsPanel";

type Editing = { kind: "new" } | { kind: "edit"; connection: McpConnection } | null;

export function McpTab() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const connections = useConnections(ws);
  const secrets = useSecrets(ws);
  const canWrite = mayAdminister(workspace?.role);
  const canUse = mayUseTools(workspace?.role);
  const writeReasonId = useId();
  const useReasonId = useId();
  const [editing, setEditing] = useState<Editing>(null);
  const [toolsOf, setToolsOf] = useState<McpConnection | null>(null);

  const secretNames = secrets.data?.map((s) => s.name) ?? [];

  return (
    <section aria-labelledby="settings-mcp-title" className="settings-panel">
      <h2 id="settings-mcp-title">{t("settings.mcp.title")}</h2>
      <p className="settings-hint">{t("settings.mcp.intro")}</p>
      {!canUse && <ReadOnlyNote id={useReasonId} text={t("settings.mcp.viewerNote")} />}
      {canUse && !canWrite && <ReadOnlyNote id={writeReasonId} text={t("settings.mcp.memberNote")} />}

      {editing === null && (
        <button
          type="button"
          onClick={() => setEditing({ kind: "new" })}
          disabled={!canWrite}
          aria-describedby={canWrite ? undefined : canUse ? writeReasonId : useReasonId}
        >
          {t("settings.mcp.add")}
        </button>
      )}
      {editing && ws && (
        <ConnectionForm
          key={editing.kind === "edit" ? editing.connection.id : "new"}
          workspaceId={ws}
          connection={editing.kind === "edit" ? editing.connection : undefined}
          secretNames={secretNames}
          onDone={() => setEditing(null)}
        />
      )}

      {connections.isPending && <p>{t("common.loading")}</p>}
      <ProblemMessage error={connections.error} />
      {connections.data?.length === 0 && <p>{t("settings.mcp.empty")}</p>}
      <ul className="settings-connections">
        {connections.data?.map((c) => (
          <li key={c.id}>
            <ConnectionCard
              connection={c}
              secretNames={secrets.data ? secretNames : null}
              canWrite={canWrite}
              canUse={canUse}
              reasonId={canUse ? writeReasonId : useReasonId}
              useReasonId={useReasonId}
              onEdit={() => setEditing({ kind: "edit", connection: c })}
              onTools={() => setToolsOf(c)}
            />
          </li>
        ))}
      </ul>
      {toolsOf && ws && (
        <ToolsPanel key={toolsOf.id} workspaceId={ws} connection={toolsOf} onClose={() => setToolsOf(null)} />
      )}
    </section>
  );
}

function ConnectionCard({
  connection: c,
  secretNames,
  canWrite,
  canUse,
  reasonId,
  useReasonId,
  onEdit,
  onTools,
}: {
  connection: McpConnection;
  secretNames: string[] | null;
  canWrite: boolean;
  canUse: boolean;
  reasonId: string;
  useReasonId: string;
  onEdit: () => void;
  onTools: () => void;
}) {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<McpTestResult | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const ws = workspace?.id ?? "";

  const refs = secretRefs(c);
  const missing = secretNames ? refs.filter((r) => !secretNames.includes(r)) : [];

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    setTestError(null);
    try {
      setTest(await settingsApi.testConnection(ws, c.id));
    } catch (err) {
      setTestError(err);
    } finally {
      setTesting(false);
      // The test may have started a client or recorded its failure: the status changes.
      void queryClient.invalidateQueries({ queryKey: settingsKeys.connections(ws) });
    }
  };

  const remove = async () => {
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await settingsApi.deleteConnection(ws, c.id);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.connections(ws) });
    } catch (err) {
      setDeleteError(err);
      setDeleting(false);
    } finally {
      setDeleteBusy(false);
    }
  };

  const target =
    c.transport === "http" ? c.url : [c.command, ...(c.args ?? [])].filter(Boolean).join(" ");

  return (
    <article className="settings-connection" aria-labelledby={headingId} data-connection={c.name}>
      <header>
        <h3 id={headingId}>{c.name}</h3>
        <span className="settings-badge">
          {c.preset ? t("settings.mcp.preset") : t(`settings.mcp.transport.${c.transport}`)}
        </span>
        <span className={`settings-status status-${c.status}`} data-status={c.status}>
          {t(`settings.mcp.status.${c.status}`)}
        </span>
      </header>
      <p className="settings-target">
        <code>{target}</code>
      </p>
      {refs.length > 0 && (
        <p className="settings-hint">
          {t("settings.mcp.usesSecrets")}{" "}
          {refs.map((r, i) => (
            <span key={r}>
              {i > 0 && ", "}
              <code>{r}</code>
              {secretNames && !secretNames.includes(r) && <> ({t("settings.mcp.missing")})</>}
            </span>
          ))}
        </p>
      )}
      {c.status === "simulated" && missing.length > 0 && (
        <p className="settings-hint">{t("settings.mcp.simulatedHint")}</p>
      )}
      {c.status === "failed" && c.last_error && (
        <p className="problem">{t("settings.mcp.lastError", { error: c.last_error })}</p>
      )}
      <div className="settings-actions">
        <button
          type="button"
          onClick={runTest}
          disabled={!canUse || testing}
          aria-describedby={canUse ? undefined : useReasonId}
          aria-label={t("settings.mcp.testOf", { name: c.name })}
        >
          {testing ? t("settings.mcp.testing") : t("settings.mcp.test")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={onTools}
          disabled={!canUse}
          aria-describedby={canUse ? undefined : useReasonId}
          aria-label={t("settings.mcp.toolsOf", { name: c.name })}
        >
          {t("settings.mcp.tools")}
        </button>
        {!c.preset && (
          <>
            <button
              type="button"
              className="secondary"
              onClick={onEdit}
              disabled={!canWrite}
              aria-describedby={canWrite ? undefined : reasonId}
              aria-label={t("settings.mcp.editOf", { name: c.name })}
            >
              {t("settings.edit")}
            </button>
            {deleting ? (
              <Confirm
                question={t("settings.mcp.confirmDelete", { name: c.name })}
                yes={t("settings.delete")}
                busy={deleteBusy}
                onYes={remove}
                onNo={() => setDeleting(false)}
                openerId={`${headingId}-delete`}
              />
            ) : (
              <button
                type="button"
                className="danger"
                id={`${headingId}-delete`}
                onClick={() => setDeleting(true)}
                disabled={!canWrite}
                aria-describedby={canWrite ? undefined : reasonId}
                aria-label={t("settings.mcp.deleteOf", { name: c.name })}
              >
                {t("settings.delete")}
              </button>
            )}
          </>
        )}
      </div>
      <div aria-live="polite" className="settings-test">
        {test?.ok && (
          <p className="settings-ok" data-testid="test-result">
            {test.simulated
              ? t("settings.mcp.testSimulated", { tools: test.tools ?? 0 })
              : t("settings.mcp.testOk", {
                  server: test.server ? `${test.server.name} ${test.server.version}` : c.name,
                  tools: test.tools ?? 0,
                  ms: test.latency_ms ?? 0,
                })}
          </p>
        )}
        {test && !test.ok && (
          <p className="problem" data-testid="test-result">
            {t("settings.mcp.testFailed", { error: test.error ?? "" })}
          </p>
        )}
      </div>
      <ProblemMessage error={testError} />
      <ProblemMessage error={deleteError} />
    </article>
  );
}
