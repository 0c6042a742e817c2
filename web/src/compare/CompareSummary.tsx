import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { executionIcon } from "../history/status";
import { useFormat } from "../i18n/format";
import type { Comparison, RunSide } from "./model";

/** Each run's status, total cost, duration and start, and the difference B − A. */
export function CompareSummary({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { a, b } = comparison;
  const run = (side: "A" | "B", r: RunSide) => (
    <th scope="col">
      <Link to={`/executions/${r.id}`}>{t("compare.run", { side })}</Link>{" "}
      <span className="muted">({t("compare.version", { version: r.pipelineVersion })})</span>
    </th>
  );
  const status = (r: RunSide) => (
    <td data-status={r.status}>
      <span aria-hidden="true">{executionIcon[r.status]} </span>
      {t(`execution.status.${r.status}`)}
    </td>
  );
  return (
    <table className="compare-summary" data-testid="compare-summary">
      <thead>
        <tr>
          <td />
          {run("A", a)}
          {run("B", b)}
          <th scope="col">{t("compare.difference")}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t("compare.state")}</th>
          {status(a)}
          {status(b)}
          <td>{a.status === b.status ? t("compare.unchanged") : t("compare.changed")}</td>
        </tr>
        <tr>
          <th scope="row">{t("compare.totalCost")}</th>
          <td>{format.won(a.totalCost)}</td>
          <td>{format.won(b.totalCost)}</td>
          <td data-testid="cost-delta">{format.signedWon(comparison.costDelta)}</td>
        </tr>
        <tr>
          <th scope="row">{t("compare.duration")}</th>
          <td>{a.durationMs === null ? "—" : format.duration(a.durationMs)}</td>
          <td>{b.durationMs === null ? "—" : format.duration(b.durationMs)}</td>
          <td>{comparison.durationDelta === null ? "—" : format.signedDuration(comparison.durationDelta)}</td>
        </tr>
        <tr>
          <th scope="row">{t("compare.started")}</th>
          <td>{a.startedAt ? format.date(a.startedAt) : "—"}</td>
          <td>{b.startedAt ? format.date(b.startedAt) : "—"}</td>
          <td />
        </tr>
      </tbody>
    </table>
  );
}
