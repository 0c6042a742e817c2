import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Pipeline } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { canvasApi } from "./api";
import type { EditorGraph } from "./model";
import { slugOf } from "./slug";

/**
 * Name, slug (only for a new pipeline: it names it in URLs and the CLI), description and 저장: a new
 * pipeline (POST) or a new version of this one (PATCH). Then ▶ 실행 runs the saved version.
 */
export function SaveBar({
  workspaceId,
  saved,
  graph,
  dirty,
  readOnly,
  onSaved,
  onRun,
}: {
  workspaceId: string | undefined;
  saved: Pipeline | undefined;
  graph: EditorGraph;
  dirty: boolean;
  readOnly: boolean;
  onSaved: (p: Pipeline) => void;
  onRun: () => void;
}) {
  const { t } = useTranslation();
  const nameId = useId();
  const slugId = useId();
  const descriptionId = useId();
  const [name, setName] = useState(saved?.name ?? "");
  const [slug, setSlug] = useState(saved?.slug ?? "");
  const [description, setDescription] = useState(saved?.description ?? "");
  const metaDirty =
    !!saved && (name !== saved.name || description !== (saved.description ?? ""));
  const save = useMutation({
    mutationFn: () =>
      saved
        ? canvasApi.update(workspaceId!, saved.id, {
            name,
            description,
            graph_definition: graph,
          })
        : canvasApi.create(workspaceId!, {
            name,
            slug: slug || slugOf(name),
            description,
            graph_definition: graph,
          }),
    onSuccess: onSaved,
  });
  const canSave = !readOnly && !!workspaceId && name.trim() !== "" && (!saved || dirty || metaDirty);
  return (
    <form
      className="canvas-savebar"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSave) save.mutate();
      }}
    >
      <h1 className="visually-hidden">{saved ? t("canvas.editTitle", { name: saved.name }) : t("canvas.title")}</h1>
      <div className="field">
        <label htmlFor={nameId}>{t("canvas.name")}</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required disabled={readOnly} />
      </div>
      {!saved && (
        <div className="field">
          <label htmlFor={slugId}>{t("canvas.slug")}</label>
          <input
            id={slugId}
            value={slug}
            placeholder={name ? slugOf(name) : "my_pipeline"}
            onChange={(e) => setSlug(e.target.value)}
            pattern="[a-z][a-z0-9_\-]{0,63}"
            spellCheck={false}
            disabled={readOnly}
          />
        </div>
      )}
      <div className="field grow">
        <label htmlFor={descriptionId}>{t("canvas.description")}</label>
        <input
          id={descriptionId}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          disabled={readOnly}
        />
      </div>
      <div className="canvas-save-actions">
        <span className="canvas-version" role="status">
          {saved ? t("canvas.version", { version: saved.version }) : t("canvas.notSaved")}
          {dirty && saved ? ` · ${t("canvas.unsaved")}` : ""}
        </span>
        <button type="submit" disabled={!canSave || save.isPending} title={readOnly ? t("canvas.viewerReason") : undefined}>
          {save.isPending ? t("canvas.saving") : t("canvas.save")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={onRun}
          disabled={!saved || readOnly}
          aria-haspopup="dialog"
          title={!saved ? t("canvas.runAfterSave") : dirty ? t("canvas.runsSaved") : undefined}
        >
          {t("pipelines.run")}
        </button>
      </div>
      {readOnly && <p className="hint">{t("canvas.viewerReason")}</p>}
      <ProblemMessage error={save.error} />
    </form>
  );
}
