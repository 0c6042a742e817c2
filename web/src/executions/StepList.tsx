import { useTranslation } from "react-i18next";
import type { GraphDefinition } from "../api/types";
import { useFormat } from "../i18n/format";
import type { NodeState } from "../live/reducer";
import { statusIcon } from "./status";

/** The mock-up's list: ✅ 입력 검증 (120ms), ⏳ 적합성 분석 중..., ⬜ 서류 생성. */
export function StepList({
  graph,
  nodes,
  onOpen,
}: {
  graph: GraphDefinition;
  nodes: Record<string, NodeState>;
  /** Opens the node inspector; each step is then a button. */
  onOpen?: (nodeId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-label={t("execution.steps")}>
      <h2>{t("execution.steps")}</h2>
      <ol className="steps">
        {graph.nodes.map((n) => {
          const live = nodes[n.id];
          const status = live?.status ?? "pending";
          const content = (
            <>
              <span aria-hidden="true">{statusIcon[status]}</span>{" "}
              {status === "running" ? t("execution.runningLabel", { label: n.label }) : n.label}
              {live?.durationMs !== undefined && ` (${format.duration(live.durationMs)})`}
              <span className="visually-hidden"> {t(`execution.step.${status}`)}</span>
            </>
          );
          return (
            <li key={n.id} data-node-id={n.id} data-status={status}>
              {onOpen ? (
                <button type="button" className="step-open" onClick={() => onOpen(n.id)}>
                  {content}
                </button>
              ) : (
                content
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
