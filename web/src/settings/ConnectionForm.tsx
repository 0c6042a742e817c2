import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { settingsApi, settingsKeys, type McpConnection } from "./api";
import { draftOf, inputOf, type Draft, type Pair } from "./connectionDraft";

/** Adds a stdio or HTTP connection, or edits one; env and headers pick secrets by name. */
export function ConnectionForm({
  workspaceId,
  connection,
  secretNames,
  onDone,
}: {
  workspaceId: string;
  connection?: McpConnection;
  secretNames: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(connection));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { name: useId(), command: useId(), args: useId(), url: useId(), title: useId() };
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = inputOf(draft);
      if (connection) await settingsApi.updateConnection(workspaceId, connection.id, body);
      else await settingsApi.createConnection(workspaceId, body);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.connections(workspaceId) });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="settings-form settings-connection-form" onSubmit={submit} aria-labelledby={ids.title}>
      <h3 id={ids.title}>
        {connection ? t("settings.mcp.editTitle", { name: connection.name }) : t("settings.mcp.addTitle")}
      </h3>
      <div className="settings-fields">
        <label htmlFor={ids.name}>{t("settings.mcp.name")}</label>
        <input
          id={ids.name}
          ref={first}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
          required
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <fieldset className="settings-transport">
        <legend>{t("settings.mcp.transportLabel")}</legend>
        {(["stdio", "http"] as const).map((tr) => (
          <label key={tr}>
            <input
              type="radio"
              name="transport"
              value={tr}
              checked={draft.transport === tr}
              onChange={() => set({ transport: tr })}
            />
            {t(`settings.mcp.transport.${tr}`)}
          </label>
        ))}
      </fieldset>
      {draft.transport === "stdio" ? (
        <div className="settings-fields">
          <label htmlFor={ids.command}>{t("settings.mcp.command")}</label>
          <input
            id={ids.command}
            value={draft.command}
            onChange={(e) => set({ command: e.target.value })}
            required
            spellCheck={false}
          />
          <label htmlFor={ids.args}>{t("settings.mcp.args")}</label>
          <textarea
            id={ids.args}
            rows={3}
            value={draft.args}
            onChange={(e) => set({ args: e.target.value })}
            spellCheck={false}
          />
        </div>
      ) : (
        <div className="settings-fields">
          <label htmlFor={ids.url}>{t("settings.mcp.url")}</label>
          <input
            id={ids.url}
            value={draft.url}
            onChange={(e) => set({ url: e.target.value })}
            required
            spellCheck={false}
            placeholder="https://example.com/mcp"
          />
        </div>
      )}
      <PairsEditor
        legend={draft.transport === "stdio" ? t("settings.mcp.env") : t("settings.mcp.headers")}
        keyLabel={draft.transport === "stdio" ? t("settings.mcp.envName") : t("settings.mcp.headerName")}
        pairs={draft.transport === "stdio" ? draft.env : draft.headers}
        secretNames={secretNames}
        onChange={(pairs) => set(draft.transport === "stdio" ? { env: pairs } : { headers: pairs })}
      />
      <p className="settings-hint">{t("settings.mcp.secretHint")}</p>
      <ProblemMessage error={error} />
      <div className="settings-actions">
        <button type="button" className="secondary" onClick={onDone}>
          {t("settings.cancel")}
        </button>
        <button type="submit" disabled={saving}>
          {saving ? t("settings.working") : t("settings.save")}
        </button>
      </div>
    </form>
  );
}

function PairsEditor({
  legend,
  keyLabel,
  pairs,
  secretNames,
  onChange,
}: {
  legend: string;
  keyLabel: string;
  pairs: Pair[];
  secretNames: string[];
  onChange: (pairs: Pair[]) => void;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<Pair>) =>
    onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="settings-pairs">
      <legend>{legend}</legend>
      {pairs.length === 0 && <p className="settings-hint">{t("settings.mcp.noPairs")}</p>}
      {pairs.map((p, i) => {
        const row = i + 1;
        // A reference to a secret deleted since still shows, marked, rather than vanishing.
        const names = p.secret && !secretNames.includes(p.secret) ? [...secretNames, p.secret] : secretNames;
        return (
          <div className="settings-pair" key={i}>
            <input
              aria-label={t("settings.mcp.pairKey", { label: keyLabel, row })}
              value={p.key}
              onChange={(e) => update(i, { key: e.target.value })}
              spellCheck={false}
            />
            <select
              aria-label={t("settings.mcp.pairSecret", { row })}
              value={p.secret}
              onChange={(e) => update(i, { secret: e.target.value })}
            >
              <option value="">{t("settings.mcp.literal")}</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {secretNames.includes(n) ? `secret:${n}` : t("settings.mcp.unknownSecret", { name: n })}
                </option>
              ))}
            </select>
            {!p.secret && (
              <input
                aria-label={t("settings.mcp.pairLiteral", { row })}
                value={p.literal}
                onChange={(e) => update(i, { literal: e.target.value })}
                spellCheck={false}
              />
            )}
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(pairs.filter((_, j) => j !== i))}
              aria-label={t("settings.mcp.removePair", { row })}
            >
              ✕
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...pairs, { key: "", secret: secretNames[0] ?? "", literal: "" }])}
      >
        {t("settings.mcp.addPair", { label: keyLabel })}
      </button>
    </fieldset>
  );
}
