import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePipeline } from "../api/queries";
import type { Pipeline } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { versionEndpoints, type PipelineVersion } from "./api";
import { diffGraphs, type GraphDiff } from "./diff";
import { SUMMARISED, useVersionGraphs, useVersionList } from "./useVersions";
import { VersionDiff } from "./VersionDiff";
import "./versions.css";

const StartDialog = lazy(() => import("../pipelines/StartDialog"));

/**
 * A pipeline's saved versions (`/pipelines/:id/versions`): who saved each and when, what changed
 * from the one before; two picked versions drawn as one graph with what changed marked; any version
 * run or restored (saved again as the newest), members and up.
 */
export function VersionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const canWrite = workspace !== undefined && workspace.role !== "viewer";
  const pipeline = usePipeline(ws, id);
  const list = useVersionList(ws, id);
  const versions = list.data ?? [];
  const numbers = versions.slice(0, SUMMARISED + 1).map((v) => v.version);
  const graphs = useVersionGraphs(ws, id, numbers);
  const byVersion = useMemo(() => {
    const map = new Map<number, Pipeline>();
    for (const q of graphs) if (q.data) map.set(q.data.version, q.data);
    return map;
  }, [graphs]);

  const newest = versions[0]?.version;
  const [picked, setPicked] = useState<{ a?: number; b?: number }>({});
  const b = picked.b ?? newest;
  const a = picked.a ?? (newest !== undefined && newest > 1 ? newest - 1 : newest);
  const [older, newer] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];

  const [running, setRunning] = useState<Pipeline>();
  const [confirming, setConfirming] = useState<number>();
  const queryClient = useQueryClient();
  const restore = useMutation({
    mutationFn: (version: number) => versionEndpoints.restore(ws!, id, byVersion.get(version)!.graph_definition),
    onSuccess: async (saved) => {
      setConfirming(undefined);
      setPicked({ a: saved.version - 1, b: saved.version });
      await queryClient.invalidateQueries({ queryKey: ["pipeline-versions", ws, id] });
      await queryClient.invalidateQueries({ queryKey: ["pipeline", ws, id] });
      await queryClient.invalidateQueries({ queryKey: ["pipelines", ws] });
    },
  });

  const summaryOf = (v: PipelineVersion): string => {
    if (v.version === 1) return t("versions.first");
    const before = byVersion.get(v.version - 1);
    const now = byVersion.get(v.version);
    if (!before || !now) return v.version - 1 < (numbers.at(-1) ?? 0) ? "" : t("common.loading");
    const d = diffGraphs(before.graph_definition, now.graph_definition);
    return changeLine(d);
  };
  const changeLine = (d: GraphDiff) => {
    const parts = [];
    if (d.counts.added) parts.push(t("versions.added", { count: d.counts.added }));
    if (d.counts.removed) parts.push(t("versions.removed", { count: d.counts.removed }));
    if (d.counts.changed) parts.push(t("versions.changed", { count: d.counts.changed }));
    if (d.counts.edges) parts.push(t("versions.edges", { count: d.counts.edges }));
    if (d.graph.length) parts.push(t("versions.settings", { fields: d.graph.map((f) => f.field).join(", ") }));
    return parts.length ? parts.join(" · ") : t("versions.noChange");
  };

  const graphA = older !== undefined ? byVersion.get(older) : undefined;
  const graphB = newer !== undefined ? byVersion.get(newer) : undefined;
  const name = pipeline.data?.name;
  const error = pipeline.error ?? list.error ?? graphs.find((q) => q.error)?.error;

  return (
    <main id="main" className="versions">
      <h1>
        {t("versions.title")}
        {name && `: ${name}`}
      </h1>
      <p>
        <Link to="/pipelines">{t("versions.back")}</Link>
      </p>
      {(pipeline.isPending || list.isPending) && !error && <p>{t("common.loading")}</p>}
      <ProblemMessage error={error} />
      {!canWrite && workspace && <p className="hint">{t("versions.viewerNote")}</p>}
      {list.data && versions.length === 0 && <p>{t("versions.empty")}</p>}
      {versions.length > 0 && (
        <table className="versions-table">
          <caption>{t("versions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("versions.version")}</th>
              <th scope="col">{t("versions.pickA")}</th>
              <th scope="col">{t("versions.pickB")}</th>
              <th scope="col">{t("versions.by")}</th>
              <th scope="col">{t("versions.when")}</th>
              <th scope="col">{t("versions.what")}</th>
              {canWrite && <th scope="col">{t("versions.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const label = t("versions.versionN", { version: v.version });
              const author = v.created_by_name || v.created_by_email || t("versions.unknownAuthor");
              return (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row">
                    {label}
                    {v.version === newest && <span className="badge">{t("versions.latest")}</span>}
                  </th>
                  <td>
                    <input
                      type="radio"
                      name="version-a"
                      checked={older === v.version}
                      onChange={() => setPicked({ a: v.version, b: newer })}
                      aria-label={t("versions.pickAFor", { version: v.version })}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="version-b"
                      checked={newer === v.version}
                      onChange={() => setPicked({ a: older, b: v.version })}
                      aria-label={t("versions.pickBFor", { version: v.version })}
                    />
                  </td>
                  <td>
                    {author}
                    {v.created_by_name && v.created_by_email && <span className="hint"> {v.created_by_email}</span>}
                  </td>
                  <td>{format.date(v.created_at)}</td>
                  <td>{summaryOf(v)}</td>
                  {canWrite && (
                    <td className="version-actions">
                      <button
                        type="button"
                        className="secondary"
                        disabled={!byVersion.get(v.version)}
                        onClick={() => setRunning(byVersion.get(v.version))}
                        aria-haspopup="dialog"
                        aria-label={t("versions.runThisFor", { version: v.version })}
                      >
                        {t("versions.runThis")}
                      </button>
                      {v.version !== newest &&
                        (confirming === v.version ? (
                          <span role="group" aria-label={t("versions.confirmRestore", { version: v.version })}>
                            <span>{t("versions.confirmRestore", { version: v.version })}</span>{" "}
                            <button type="button" onClick={() => restore.mutate(v.version)} disabled={restore.isPending}>
                              {restore.isPending ? t("versions.restoring") : t("versions.confirmYes")}
                            </button>{" "}
                            <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                              {t("versions.confirmNo")}
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="secondary"
                            disabled={!byVersion.get(v.version)}
                            onClick={() => setConfirming(v.version)}
                            aria-label={t("versions.restoreThisFor", { version: v.version })}
                          >
                            {t("versions.restoreThis")}
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ProblemMessage error={restore.error} />
      {graphA && graphB && older !== undefined && newer !== undefined && (
        <VersionDiff older={graphA} newer={graphB} pipelineId={id} />
      )}
      {running && (
        <Suspense fallback={null}>
          <StartDialog pipeline={running} version={running.version} onClose={() => setRunning(undefined)} />
        </Suspense>
      )}
    </main>
  );
}
