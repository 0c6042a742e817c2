import { useTranslation } from "react-i18next";
import type { GraphDefinition, GraphNode } from "../api/types";
import type { NodeState } from "../live/reducer";
import "./inspector/inspector.css";

/** The agents of an agent_call node, in the graph's order, then any other that streamed. */
export function agentsOf(node: GraphNode | undefined, live: NodeState | undefined): string[] {
  const declared = node?.agent_slugs ?? (node?.agent_slug ? [node.agent_slug] : []);
  const streamed = Object.keys(live?.text ?? {}).filter((slug) => !declared.includes(slug));
  return [...declared, ...streamed];
}

/** Each agent's text of one node as it streams, side by side for parallel agents. */
export function AgentTexts({
  node,
  live,
  label,
}: {
  node: GraphNode | undefined;
  live: NodeState | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="agent-streams">
      {agentsOf(node, live).map((slug) => {
        const name = t("monitorDetail.streams.agent", { label, agent: slug });
        const text = live?.text[slug];
        return (
          <section key={slug} className="agent-stream" aria-label={name} data-agent={slug}>
            <h3>{name}</h3>
            {/* Scrolls on its own, so it must be reachable from the keyboard. */}
            <div className="agent-text" tabIndex={0} role="group" aria-label={name}>
              {text ? text : <span className="muted">{t("monitorDetail.streams.waiting")}</span>}
            </div>
          </section>
        );
      })}
    </div>
  );
}

/**
 * The live area of the monitor: the text of every agent of the running agent nodes, as it
 * arrives. Nothing when no agent node runs (the inspector keeps each node's text).
 */
export function AgentStreams({
  graph,
  nodes,
}: {
  graph: GraphDefinition;
  nodes: Record<string, NodeState>;
}) {
  const { t } = useTranslation();
  const running = graph.nodes.filter(
    (n) => n.type === "agent_call" && nodes[n.id]?.status === "running",
  );
  if (running.length === 0) return null;
  return (
    <section className="live-streams" aria-label={t("monitorDetail.streams.title")}>
      <h2>{t("monitorDetail.streams.title")}</h2>
      {running.map((n) => (
        <AgentTexts key={n.id} node={n} live={nodes[n.id]} label={n.label} />
      ))}
    </section>
  );
}
