import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NodeComparison } from "./model";
import { diffCounts, diffRows, textDiff, type DiffMode } from "./textDiff";

/**
 * The picked node's two outputs as a diff. Added text is <ins> with a +, removed text <del> with
 * a −, each also named for screen readers: the colour is never the only sign.
 */
export function OutputDiff({ node }: { node: NodeComparison | undefined }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<DiffMode>("lines");
  const parts = useMemo(
    () => (node ? textDiff(node.outputA, node.outputB, mode) : []),
    [node, mode],
  );
  if (!node) {
    return (
      <section className="output-diff" aria-label={t("compare.pickNode")}>
        <p>{t("compare.pickNode")}</p>
      </section>
    );
  }
  const counts = diffCounts(parts, mode);
  const same = counts.added === 0 && counts.removed === 0;
  const marker = (kind: "added" | "removed") => (
    <span className="visually-hidden">{t(`compare.${kind}`)}: </span>
  );
  return (
    <section className="output-diff" aria-labelledby="output-diff-title" data-testid="output-diff">
      <h2 id="output-diff-title">{t("compare.outputDiff", { label: node.label })}</h2>
      <fieldset className="diff-mode">
        <legend>{t("compare.mode")}</legend>
        {(["lines", "words"] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="diff-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(`compare.${m}`)}
          </label>
        ))}
      </fieldset>
      <p data-testid="diff-counts">
        {same ? t("compare.sameOutput") : t("compare.counts", counts)}
      </p>
      {mode === "lines" ? (
        // Long outputs scroll inside the box, which the keyboard must reach too.
        <pre className="diff lines" tabIndex={0} role="region" aria-labelledby="output-diff-title">
          {diffRows(parts).map((row, i) =>
            row.kind === "added" ? (
              <ins key={i}>
                {marker("added")}
                <span aria-hidden="true">+ </span>
                {row.text}
                {"\n"}
              </ins>
            ) : row.kind === "removed" ? (
              <del key={i}>
                {marker("removed")}
                <span aria-hidden="true">− </span>
                {row.text}
                {"\n"}
              </del>
            ) : (
              <span key={i}>
                <span aria-hidden="true">{"  "}</span>
                {row.text}
                {"\n"}
              </span>
            ),
          )}
        </pre>
      ) : (
        <p className="diff words" tabIndex={0} role="region" aria-labelledby="output-diff-title">
          {parts.map((p, i) =>
            p.kind === "added" ? (
              <ins key={i}>
                {marker("added")}
                {p.text}
              </ins>
            ) : p.kind === "removed" ? (
              <del key={i}>
                {marker("removed")}
                {p.text}
              </del>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </p>
      )}
    </section>
  );
}
