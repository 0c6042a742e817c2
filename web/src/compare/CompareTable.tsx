import { useTranslation } from "react-i18next";
import { statusIcon } from "../executions/status";
import { useFormat } from "../i18n/format";
import type { NodeComparison } from "./model";

/** The graph's deltas as a table; each step's name is the keyboard's way to pick it for the diff. */
export function CompareTable({
  nodes,
  selected,
  onSelect,
}: {
  nodes: NodeComparison[];
  selected: string | undefined;
  onSelect: (nodeId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = (s?: string) =>
    s ? (
      <>
        <span aria-hidden="true">{statusIcon[s as keyof typeof statusIcon]} </span>
        {t(`execution.step.${s}`)}
      </>
    ) : (
      t("compare.none")
    );
  const signed = (n: number | null, f: (n: number) => string) => (n === null ? "—" : f(n));
  return (
    <section aria-labelledby="compare-nodes">
      <h2 id="compare-nodes">{t("compare.nodes")}</h2>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t("compare.node")}</th>
            <th scope="col">{t("compare.statusAB")}</th>
            <th scope="col" className="number">{t("compare.durationDelta")}</th>
            <th scope="col" className="number">{t("compare.costDelta")}</th>
            <th scope="col" className="number">{t("compare.tokensInDelta")}</th>
            <th scope="col" className="number">{t("compare.tokensOutDelta")}</th>
            <th scope="col">{t("compare.change")}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr
              key={n.nodeId}
              data-node-id={n.nodeId}
              data-changed={n.changed}
              data-presence={n.presence}
              className={`${n.changed ? "changed" : ""}${selected === n.nodeId ? " selected" : ""}`}
            >
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  aria-pressed={selected === n.nodeId}
                  aria-label={t("compare.showDiff", { label: n.label })}
                  onClick={() => onSelect(n.nodeId)}
                >
                  {n.label}
                </button>
              </th>
              <td>
                {status(n.statusA)} → {status(n.statusB)}
              </td>
              <td className="number">{signed(n.durationDelta, format.signedDuration)}</td>
              <td className="number">{signed(n.costDelta, format.signedWon)}</td>
              <td className="number">{signed(n.inputTokensDelta, format.signedNumber)}</td>
              <td className="number">{signed(n.outputTokensDelta, format.signedNumber)}</td>
              <td>
                {n.presence !== "both"
                  ? `● ${t(`compare.${n.presence}`)}`
                  : n.changed
                    ? `● ${t("compare.changed")}`
                    : `○ ${t("compare.unchanged")}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
