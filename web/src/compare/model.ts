// What changed between two runs, node by node: the pure model behind the comparison page. Runs of
// different pipeline versions are matched by node id; a node that only one of them has is marked.
import type { Execution, ExecutionStatus, GraphDefinition, Step, StepStatus } from "../api/types";

export type Presence = "both" | "onlyA" | "onlyB";

export interface NodeComparison {
  nodeId: string;
  label: string;
  presence: Presence;
  a?: Step;
  b?: Step;
  statusA?: StepStatus;
  statusB?: StepStatus;
  /** B minus A; null when either side has no value (a node one run lacks, a step that never ran). */
  durationDelta: number | null;
  costDelta: number | null;
  inputTokensDelta: number | null;
  outputTokensDelta: number | null;
  outputA: string;
  outputB: string;
  /**
   * Something that matters changed: presence, status, cost, tokens or output. Duration alone does
   * not count: two runs never take the same milliseconds, and highlighting every node says nothing.
   */
  changed: boolean;
}

export interface RunSide {
  id: string;
  status: ExecutionStatus;
  totalCost: number;
  durationMs: number | null;
  startedAt: string | null;
  pipelineVersion: number;
}

export interface Comparison {
  a: RunSide;
  b: RunSide;
  costDelta: number;
  durationDelta: number | null;
  /** The graph to draw: A's nodes and edges, then whatever only B's version has. */
  graph: GraphDefinition;
  nodes: NodeComparison[];
}

/** Money is exact to 4 decimals (the contract); binary floats are not, so deltas are rounded. */
const money = (n: number) => Math.round(n * 10_000) / 10_000;

const delta = (a: number | null | undefined, b: number | null | undefined, round = (n: number) => n) =>
  a === null || a === undefined || b === null || b === undefined ? null : round(b - a);

/**
 * A step's output as text to diff: strings as they are, anything else as indented JSON; but an
 * object holding texts of several lines (parallel agents' answers by agent) as each text under its
 * key, since JSON would put a whole answer on one line and a line diff would say nothing.
 */
export function outputText(output: unknown): string {
  if (output === null || output === undefined) return "";
  if (typeof output === "string") return output;
  if (typeof output === "object" && !Array.isArray(output)) {
    const entries = Object.entries(output as Record<string, unknown>);
    if (entries.some(([, v]) => typeof v === "string" && v.includes("\n"))) {
      return entries
        .map(([k, v]) => `[${k}]\n${typeof v === "string" ? v : JSON.stringify(v, null, 2)}`)
        .join("\n\n");
    }
  }
  return JSON.stringify(output, null, 2);
}

/** Both versions' graphs as one: nodes by id (A's first, in order), edges without repeats. */
export function mergeGraphs(a: GraphDefinition | undefined, b: GraphDefinition | undefined): GraphDefinition {
  const first = a ?? b ?? { entry_point: "", nodes: [], edges: [] };
  const second = a && b ? b : undefined;
  const ids = new Set(first.nodes.map((n) => n.id));
  const edgeKey = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;
  const edges = new Set(first.edges.map(edgeKey));
  return {
    ...first,
    nodes: [...first.nodes, ...(second?.nodes.filter((n) => !ids.has(n.id)) ?? [])],
    edges: [...first.edges, ...(second?.edges.filter((e) => !edges.has(edgeKey(e))) ?? [])],
  };
}

function side(e: Execution): RunSide {
  return {
    id: e.id,
    status: e.status,
    totalCost: e.total_cost ?? 0,
    durationMs: e.duration_ms,
    startedAt: e.started_at,
    pipelineVersion: e.pipeline_version,
  };
}

export function compareNode(nodeId: string, label: string, a?: Step, b?: Step): NodeComparison {
  const presence: Presence = a && b ? "both" : a ? "onlyA" : "onlyB";
  const outputA = outputText(a?.output);
  const outputB = outputText(b?.output);
  const node: NodeComparison = {
    nodeId,
    label: b?.label ?? a?.label ?? label,
    presence,
    a,
    b,
    statusA: a?.status,
    statusB: b?.status,
    durationDelta: delta(a?.duration_ms, b?.duration_ms),
    costDelta: delta(a?.cost, b?.cost, money),
    inputTokensDelta: delta(a?.input_tokens, b?.input_tokens),
    outputTokensDelta: delta(a?.output_tokens, b?.output_tokens),
    outputA,
    outputB,
    changed: false,
  };
  node.changed =
    presence !== "both" ||
    node.statusA !== node.statusB ||
    !!node.costDelta ||
    !!node.inputTokensDelta ||
    !!node.outputTokensDelta ||
    outputA !== outputB;
  return node;
}

/** A and B as the page shows them: the summary at the top and every node of both graphs. */
export function compareExecutions(
  a: Execution,
  b: Execution,
  graphA?: GraphDefinition,
  graphB?: GraphDefinition,
): Comparison {
  const graph = mergeGraphs(graphA, graphB);
  const stepsA = new Map(a.steps.map((s) => [s.node_id, s]));
  const stepsB = new Map(b.steps.map((s) => [s.node_id, s]));
  // A node is in a run if its version's graph has it; without the graphs, if it has a step.
  const inA = (id: string) => (graphA ? graphA.nodes.some((n) => n.id === id) : stepsA.has(id));
  const inB = (id: string) => (graphB ? graphB.nodes.some((n) => n.id === id) : stepsB.has(id));
  const ids = [...graph.nodes.map((n) => n.id)];
  for (const id of [...stepsA.keys(), ...stepsB.keys()]) if (!ids.includes(id)) ids.push(id);
  const labelOf = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const nodes = ids.map((id) =>
    compareNode(id, labelOf(id), inA(id) ? stepsA.get(id) ?? pending(id, labelOf(id)) : undefined,
      inB(id) ? stepsB.get(id) ?? pending(id, labelOf(id)) : undefined),
  );
  const sa = side(a);
  const sb = side(b);
  return {
    a: sa,
    b: sb,
    costDelta: money(sb.totalCost - sa.totalCost),
    durationDelta: delta(sa.durationMs, sb.durationMs),
    graph,
    nodes,
  };
}

/** A node the run's graph has but that has no step yet: it never started. */
function pending(nodeId: string, label: string): Step {
  return {
    node_id: nodeId,
    label,
    type: "",
    status: "pending",
    attempt: 0,
    started_at: null,
    finished_at: null,
    duration_ms: null,
    cost: null,
    input_tokens: null,
    output_tokens: null,
    output: null,
    error: null,
  };
}
