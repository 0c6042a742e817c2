// What changed between two saved graphs of a pipeline: nodes added, removed and changed (field by
// field), and edges added, removed and changed. Computed here from the two graphs, at no cost to
// the server.
import type { GraphDefinition, GraphEdge, GraphNode } from "../api/types";

export type NodePresence = "added" | "removed" | "changed" | "same";

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface NodeDiff {
  id: string;
  label: string;
  type: GraphNode["type"];
  presence: NodePresence;
  fields: FieldChange[];
}

export interface EdgeDiff {
  from: string;
  to: string;
  presence: "added" | "removed" | "changed";
  before?: string | undefined;
  after?: string | undefined;
}

export interface GraphDiff {
  nodes: NodeDiff[];
  edges: EdgeDiff[];
  /** Graph-level fields (entry_point, metadata, max_steps, …) that changed. */
  graph: FieldChange[];
  /** Both graphs drawn as one: the newer graph plus what only the older had. */
  union: GraphDefinition;
  counts: { added: number; removed: number; changed: number; edges: number };
}

/** Where an editor draws a node changes nothing a run does: not a change worth listing. */
const IGNORED_NODE_FIELDS = new Set(["id", "position"]);

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Objects with their keys sorted, so that key order is no difference. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function nodeFields(before: GraphNode, after: GraphNode): FieldChange[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED_NODE_FIELDS.has(k));
  return keys.filter((k) => !same(a[k], b[k])).map((field) => ({ field, before: a[field], after: b[field] }));
}

const edgeKey = (e: GraphEdge) => `${e.from}\u0000${e.to}`;

export function diffGraphs(older: GraphDefinition, newer: GraphDefinition): GraphDiff {
  const olderNodes = new Map(older.nodes.map((n) => [n.id, n]));
  const newerNodes = new Map(newer.nodes.map((n) => [n.id, n]));
  const nodes: NodeDiff[] = [];
  for (const n of newer.nodes) {
    const before = olderNodes.get(n.id);
    if (!before) {
      nodes.push({ id: n.id, label: n.label, type: n.type, presence: "added", fields: [] });
      continue;
    }
    const fields = nodeFields(before, n);
    nodes.push({ id: n.id, label: n.label, type: n.type, presence: fields.length ? "changed" : "same", fields });
  }
  for (const n of older.nodes) {
    if (!newerNodes.has(n.id)) nodes.push({ id: n.id, label: n.label, type: n.type, presence: "removed", fields: [] });
  }

  const olderEdges = new Map(older.edges.map((e) => [edgeKey(e), e]));
  const newerEdges = new Map(newer.edges.map((e) => [edgeKey(e), e]));
  const edges: EdgeDiff[] = [];
  for (const e of newer.edges) {
    const before = olderEdges.get(edgeKey(e));
    if (!before) edges.push({ from: e.from, to: e.to, presence: "added", after: e.condition });
    else if ((before.condition ?? "") !== (e.condition ?? ""))
      edges.push({ from: e.from, to: e.to, presence: "changed", before: before.condition, after: e.condition });
  }
  for (const e of older.edges) {
    if (!newerEdges.has(edgeKey(e))) edges.push({ from: e.from, to: e.to, presence: "removed", before: e.condition });
  }

  const a = older as unknown as Record<string, unknown>;
  const b = newer as unknown as Record<string, unknown>;
  const graph = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => k !== "nodes" && k !== "edges" && !same(a[k], b[k]))
    .map((field) => ({ field, before: a[field], after: b[field] }));

  const removedNodes = older.nodes.filter((n) => !newerNodes.has(n.id));
  const removedEdges = older.edges.filter((e) => !newerEdges.has(edgeKey(e)));
  const union: GraphDefinition = {
    ...newer,
    nodes: [...newer.nodes, ...removedNodes],
    edges: [...newer.edges, ...removedEdges],
  };
  return {
    nodes,
    edges,
    graph,
    union,
    counts: {
      added: nodes.filter((n) => n.presence === "added").length,
      removed: nodes.filter((n) => n.presence === "removed").length,
      changed: nodes.filter((n) => n.presence === "changed").length,
      edges: edges.length,
    },
  };
}

/** A value of a field change as a person reads it: text as it is, anything else as JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}
