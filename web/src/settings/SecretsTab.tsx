import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { settingsApi, settingsKeys, useSecrets } from "./api";
import { Confirm, ReadOnlyNote } from "./Confirm";
import { mayAdminister } from "./permissions";

/**
 * Secrets are write-only. The value lives in the password field's state until it is sent, and is
 * cleared once the server took it; it is sent by a plain request rather than a TanStack mutation,
 * whose cache would keep it as the mutation's variables for minutes after.
 */
export function SecretsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const secrets = useSecrets(ws);
  const queryClient = useQueryClient();
  const canWrite = mayAdminister(workspace?.role);
  const reasonId = useId();
  const nameId = useId();
  const valueId = useId();
  const valueRef = useRef<HTMLInputElement>(null);

  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  const existing = secrets.data?.find((s) => s.name === name.trim());

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!ws || !canWrite) return;
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      await settingsApi.putSecret(ws, name.trim(), value);
      setValue("");
      setSaved(name.trim());
      setName("");
      await queryClient.invalidateQueries({ queryKey: settingsKeys.secrets(ws) });
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (secret: string) => {
    if (!ws) return;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await settingsApi.deleteSecret(ws, secret);
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.secrets(ws) });
    } catch (err) {
      setDeleteError(err);
    } finally {
      setDeleteBusy(false);
    }
  };

  const replace = (secret: string) => {
    setName(secret);
    setSaved(null);
    valueRef.current?.focus();
  };

  const savedVersion = saved ? secrets.data?.find((s) => s.name === saved)?.version : undefined;

  return (
    <section aria-labelledby="settings-secrets-title" className="settings-panel">
      <h2 id="settings-secrets-title">{t("settings.secrets.title")}</h2>
      <p className="settings-hint">{t("settings.secrets.intro")}</p>
      {!canWrite && <ReadOnlyNote id={reasonId} text={t("settings.secrets.readOnly")} />}

      <form className="settings-form" onSubmit={save} aria-label={t("settings.secrets.formTitle")}>
        <h3>{t("settings.secrets.formTitle")}</h3>
        <div className="settings-fields">
          <label htmlFor={nameId}>{t("settings.secrets.name")}</label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={!canWrite}
            aria-describedby={canWrite ? undefined : reasonId}
            autoComplete="off"
            spellCheck={false}
            required
            pattern="[a-zA-Z_][a-zA-Z0-9_.\-]{0,127}"
            title={t("settings.secrets.nameRule")}
          />
          <label htmlFor={valueId}>{t("settings.secrets.value")}</label>
          <input
            id={valueId}
            ref={valueRef}
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            disabled={!canWrite}
            aria-describedby={canWrite ? undefined : reasonId}
            autoComplete="new-password"
            spellCheck={false}
            required
          />
        </div>
        <p className="settings-hint">
          {existing
            ? t("settings.secrets.willReplace", { name: existing.name, version: existing.version + 1 })
            : t("settings.secrets.writeOnly")}
        </p>
        <button type="submit" disabled={!canWrite || saving || !name.trim() || !value}>
          {saving ? t("settings.working") : existing ? t("settings.secrets.replace") : t("settings.secrets.save")}
        </button>
        <ProblemMessage error={error} />
        <p role="status" className="settings-ok">
          {saved ? t("settings.secrets.saved", { name: saved, version: savedVersion ?? "…" }) : ""}
        </p>
      </form>

      {secrets.isPending && <p>{t("common.loading")}</p>}
      <ProblemMessage error={secrets.error} />
      {secrets.data?.length === 0 && <p>{t("settings.secrets.empty")}</p>}
      <ProblemMessage error={deleteError} />
      {!!secrets.data?.length && (
        <table className="settings-table">
          <caption className="visually-hidden">{t("settings.secrets.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("settings.secrets.name")}</th>
              <th scope="col">{t("settings.secrets.version")}</th>
              <th scope="col">{t("settings.secrets.updated")}</th>
              <th scope="col">{t("settings.secrets.lastUsed")}</th>
              <th scope="col">{t("settings.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {secrets.data.map((s) => (
              <tr key={s.name} data-secret={s.name}>
                <th scope="row">
                  <code>{s.name}</code>
                </th>
                <td className="number">{s.version}</td>
                <td>{format.date(s.updated_at)}</td>
                <td>{s.last_used_at ? format.date(s.last_used_at) : t("settings.secrets.neverUsed")}</td>
                <td>
                  <div className="settings-actions">
                  {deleting === s.name ? (
                    <Confirm
                      question={t("settings.secrets.confirmDelete", { name: s.name })}
                      yes={t("settings.delete")}
                      busy={deleteBusy}
                      onYes={() => remove(s.name)}
                      onNo={() => setDeleting(null)}
                      openerId={`${reasonId}-delete-${s.name}`}
                    />
                  ) : (
                    <>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => replace(s.name)}
                        disabled={!canWrite}
                        aria-describedby={canWrite ? undefined : reasonId}
                        aria-label={t("settings.secrets.replaceOf", { name: s.name })}
                      >
                        {t("settings.secrets.replaceShort")}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        id={`${reasonId}-delete-${s.name}`}
                        onClick={() => {
                          setDeleteError(null);
                          setDeleting(s.name);
                        }}
                        disabled={!canWrite}
                        aria-describedby={canWrite ? undefined : reasonId}
                        aria-label={t("settings.secrets.deleteOf", { name: s.name })}
                      >
                        {t("settings.delete")}
                      </button>
                    </>
                  )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
