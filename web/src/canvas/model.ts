import type { GraphDefinition, GraphEdge, GraphNode } from "../api/types";

/**
 * The canvas editor's whole state, changed only by `reduce` (pure): the graph being edited, what is
 * selected, the undo and redo stacks, the node clipboard and the graph as last saved (for the
 * unsaved-changes warning). React Flow's own node and edge arrays are derived from it.
 */
export type NodeType = GraphNode["type"];

export const NODE_TYPES: NodeType[] = [
  "trigger",
  "validation",
  "agent_call",
  "mcp_tool",
  "human_gate",
  "finalize",
];

/** A node as the editor keeps it: the contract's fields, and any field it does not know, kept as is. */
export type EditorNode = GraphNode & Record<string, unknown>;

export interface EditorGraph extends Omit<GraphDefinition, "nodes"> {
  nodes: EditorNode[];
  [extra: string]: unknown;
}

export interface Selection {
  nodes: string[];
  /** Edges by key (`from->to`): indices shift when an edge is deleted. */
  edges: string[];
}

export interface CanvasState {
  graph: EditorGraph;
  selection: Selection;
  past: EditorGraph[];
  future: EditorGraph[];
  clipboard: { nodes: EditorNode[]; edges: GraphEdge[] } | null;
  /** The graph before a drag began: one drag is one undo step, not one per mouse move. */
  dragOrigin: EditorGraph | null;
  /** JSON of the graph as last loaded or saved. */
  saved: string;
}

export type Action =
  | { type: "load"; graph: EditorGraph }
  | { type: "add"; nodeType: NodeType; position: { x: number; y: number }; label?: string }
  | { type: "connect"; from: string; to: string }
  | { type: "delete"; nodes?: string[]; edges?: string[] }
  | { type: "move"; id: string; position: { x: number; y: number }; done: boolean }
  | { type: "updateNode"; id: string; patch: Record<string, unknown> }
  | { type: "updateEdge"; key: string; patch: Partial<GraphEdge> }
  | { type: "select"; selection: Selection }
  /** React Flow's select changes, applied to the selection as it is now (nodes and edges come in separate batches). */
  | { type: "toggleSelect"; changes: { kind: "node" | "edge"; id: string; selected: boolean }[] }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "copy" }
  | { type: "paste" }
  | { type: "fromJson"; graph: EditorGraph }
  | { type: "saved"; graph: EditorGraph };

const HISTORY_LIMIT = 100;
const ID = /^[a-z][a-z0-9_]{0,63}$/;

export const edgeKey = (e: { from: string; to: string }) => `${e.from}->${e.to}`;

export function emptyGraph(): EditorGraph {
  return { entry_point: "", nodes: [], edges: [] };
}

export function initialState(graph: EditorGraph = emptyGraph()): CanvasState {
  return {
    graph,
    selection: { nodes: [], edges: [] },
    past: [],
    future: [],
    clipboard: null,
    dragOrigin: null,
    saved: JSON.stringify(graph),
  };
}

/** The graph to send: the contract's shape, with the editor's positions rounded. */
export function toGraph(state: CanvasState): EditorGraph {
  return state.graph;
}

export function isDirty(state: CanvasState): boolean {
  return JSON.stringify(state.graph) !== state.saved;
}

/**
 * Checks that parsed JSON has a graph's shape (object, nodes and edges arrays, each node an object
 * with a string id and type); answers the problem in words, or null.
 */
export function graphShapeProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const g = value as Record<string, unknown>;
  if (!Array.isArray(g.nodes)) return "nodes must be an array";
  if (!Array.isArray(g.edges)) return "edges must be an array";
  for (const [i, n] of g.nodes.entries()) {
    if (typeof n !== "object" || n === null) return `nodes[${i}] must be an object`;
    const node = n as Record<string, unknown>;
    if (typeof node.id !== "string") return `nodes[${i}].id must be a string`;
    if (typeof node.type !== "string") return `nodes[${i}].type must be a string`;
  }
  for (const [i, e] of g.edges.entries()) {
    if (typeof e !== "object" || e === null) return `edges[${i}] must be an object`;
    const edge = e as Record<string, unknown>;
    if (typeof edge.from !== "string" || typeof edge.to !== "string") {
      return `edges[${i}] needs from and to`;
    }
  }
  return null;
}

/** A fresh id for a node of this type: the type's name, then `_2`, `_3`, ... */
export function freshId(base: string, taken: Set<string>): string {
  const stem = ID.test(base) ? base.replace(/_\d+$/, "") || base : "node";
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const candidate = `${stem}_${i}`.slice(0, 64);
    if (!taken.has(candidate)) return candidate;
  }
}

/** The entry point stays if its node exists; otherwise a trigger, else a node without inputs. */
function withEntry(graph: EditorGraph): EditorGraph {
  if (graph.nodes.some((n) => n.id === graph.entry_point)) return graph;
  const targets = new Set(graph.edges.map((e) => e.to));
  const entry =
    graph.nodes.find((n) => n.type === "trigger") ??
    graph.nodes.find((n) => !targets.has(n.id)) ??
    graph.nodes[0];
  return { ...graph, entry_point: entry?.id ?? "" };
}

/** Records `next` as a new step of history (clearing redo), unless nothing changed. */
function commit(state: CanvasState, next: EditorGraph, selection = state.selection): CanvasState {
  if (next === state.graph) return { ...state, selection };
  return {
    ...state,
    graph: next,
    selection,
    past: [...state.past, state.graph].slice(-HISTORY_LIMIT),
    future: [],
    dragOrigin: null,
  };
}

/** Selection without the ids the graph no longer has. */
function prune(selection: Selection, graph: EditorGraph): Selection {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const keys = new Set(graph.edges.map(edgeKey));
  return {
    nodes: selection.nodes.filter((id) => ids.has(id)),
    edges: selection.edges.filter((k) => keys.has(k)),
  };
}

export function reduce(state: CanvasState, action: Action): CanvasState {
  const graph = state.graph;
  switch (action.type) {
    case "load":
      return initialState(action.graph);
    case "add": {
      const id = freshId(action.nodeType, new Set(graph.nodes.map((n) => n.id)));
      const node: EditorNode = {
        id,
        type: action.nodeType,
        label: action.label ?? id,
        position: round(action.position),
      };
      const next = withEntry({ ...graph, nodes: [...graph.nodes, node] });
      return commit(state, next, { nodes: [id], edges: [] });
    }
    case "connect": {
      const { from, to } = action;
      const ids = new Set(graph.nodes.map((n) => n.id));
      if (from === to || !ids.has(from) || !ids.has(to)) return state;
      if (graph.edges.some((e) => e.from === from && e.to === to)) return state;
      const next = withEntry({ ...graph, edges: [...graph.edges, { from, to }] });
      return commit(state, next, { nodes: [], edges: [edgeKey({ from, to })] });
    }
    case "delete": {
      const nodes = new Set(action.nodes ?? state.selection.nodes);
      const edges = new Set(action.edges ?? state.selection.edges);
      if (nodes.size === 0 && edges.size === 0) return state;
      const next = withEntry({
        ...graph,
        nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
        edges: graph.edges.filter(
          (e) => !edges.has(edgeKey(e)) && !nodes.has(e.from) && !nodes.has(e.to),
        ),
      });
      return commit(state, next, { nodes: [], edges: [] });
    }
    case "move": {
      const index = graph.nodes.findIndex((n) => n.id === action.id);
      if (index < 0) return state;
      const nodes = [...graph.nodes];
      nodes[index] = { ...nodes[index]!, position: round(action.position) };
      const moved = { ...graph, nodes };
      const origin = state.dragOrigin ?? graph;
      if (!action.done) return { ...state, graph: moved, dragOrigin: origin };
      return {
        ...state,
        graph: moved,
        past: [...state.past, origin].slice(-HISTORY_LIMIT),
        future: [],
        dragOrigin: null,
      };
    }
    case "updateNode": {
      const index = graph.nodes.findIndex((n) => n.id === action.id);
      if (index < 0) return state;
      const node: EditorNode = { ...graph.nodes[index]! };
      for (const [k, v] of Object.entries(action.patch)) {
        if (v === undefined) delete node[k];
        else node[k] = v;
      }
      const nodes = [...graph.nodes];
      nodes[index] = node;
      let next: EditorGraph = { ...graph, nodes };
      let selection = state.selection;
      const newId = action.patch.id;
      if (typeof newId === "string" && newId !== action.id) {
        // A renamed node keeps its edges and its place as entry point.
        next = {
          ...next,
          entry_point: graph.entry_point === action.id ? newId : graph.entry_point,
          edges: graph.edges.map((e) => ({
            ...e,
            from: e.from === action.id ? newId : e.from,
            to: e.to === action.id ? newId : e.to,
          })),
        };
        selection = {
          ...selection,
          nodes: selection.nodes.map((n) => (n === action.id ? newId : n)),
        };
      }
      return commit(state, next, selection);
    }
    case "updateEdge": {
      const index = graph.edges.findIndex((e) => edgeKey(e) === action.key);
      if (index < 0) return state;
      const edge: GraphEdge = { ...graph.edges[index]!, ...action.patch };
      if (!edge.condition) delete edge.condition;
      const edges = [...graph.edges];
      edges[index] = edge;
      return commit(state, { ...graph, edges });
    }
    case "select":
      return { ...state, selection: prune(action.selection, graph) };
    case "toggleSelect": {
      let { nodes, edges } = state.selection;
      for (const c of action.changes) {
        const list = c.kind === "node" ? nodes : edges;
        const next = c.selected ? [...list.filter((x) => x !== c.id), c.id] : list.filter((x) => x !== c.id);
        if (c.kind === "node") nodes = next;
        else edges = next;
      }
      return { ...state, selection: prune({ nodes, edges }, graph) };
    }
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return {
        ...state,
        graph: previous,
        past: state.past.slice(0, -1),
        future: [graph, ...state.future],
        selection: prune(state.selection, previous),
        dragOrigin: null,
      };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return {
        ...state,
        graph: next,
        past: [...state.past, graph],
        future: state.future.slice(1),
        selection: prune(state.selection, next),
        dragOrigin: null,
      };
    }
    case "copy": {
      const ids = new Set(state.selection.nodes);
      if (ids.size === 0) return state;
      return {
        ...state,
        clipboard: {
          nodes: graph.nodes.filter((n) => ids.has(n.id)),
          edges: graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
        },
      };
    }
    case "paste": {
      const clip = state.clipboard;
      if (!clip || clip.nodes.length === 0) return state;
      const taken = new Set(graph.nodes.map((n) => n.id));
      const renamed = new Map<string, string>();
      const pasted = clip.nodes.map((n) => {
        const id = freshId(n.id, taken);
        taken.add(id);
        renamed.set(n.id, id);
        const p = n.position ?? { x: 0, y: 0 };
        return { ...structuredClone(n), id, position: { x: p.x + 40, y: p.y + 40 } };
      });
      const edges = clip.edges.map((e) => ({
        ...e,
        from: renamed.get(e.from)!,
        to: renamed.get(e.to)!,
      }));
      const next = withEntry({
        ...graph,
        nodes: [...graph.nodes, ...pasted],
        edges: [...graph.edges, ...edges],
      });
      return commit(state, next, { nodes: pasted.map((n) => n.id), edges: [] });
    }
    case "fromJson": {
      if (JSON.stringify(action.graph) === JSON.stringify(graph)) return state;
      return commit(state, action.graph, prune(state.selection, action.graph));
    }
    case "saved":
      return { ...state, saved: JSON.stringify(action.graph) };
  }
}

function round(p: { x: number; y: number }) {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** Where a server error path points: a node (by id), an edge (by key) or the graph. */
export type ErrorTarget = { kind: "node"; id: string } | { kind: "edge"; key: string } | { kind: "graph" };

export interface PinnedError {
  path: string;
  message: string;
  target: ErrorTarget;
}

/** Pins each `{path, message}` of a 422 to the element of `graph` (the one validated) it names. */
export function pinErrors(
  graph: EditorGraph,
  errors: { path: string; message: string }[],
): PinnedError[] {
  return errors.map(({ path, message }) => {
    const node = /^nodes\[(\d+)\]/.exec(path);
    if (node) {
      const n = graph.nodes[Number(node[1])];
      if (n) return { path, message, target: { kind: "node", id: n.id } };
    }
    const edge = /^edges\[(\d+)\]/.exec(path);
    if (edge) {
      const e = graph.edges[Number(edge[1])];
      if (e) return { path, message, target: { kind: "edge", key: edgeKey(e) } };
    }
    return { path, message, target: { kind: "graph" } };
  });
}

/** Node ids that can run before `id` (its ancestors along edges): what its templates may name. */
export function upstreamOf(graph: EditorGraph, id: string): string[] {
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length) {
    const current = queue.shift()!;
    for (const e of graph.edges) {
      if (e.to === current && !seen.has(e.from) && e.from !== id) {
        seen.add(e.from);
        queue.push(e.from);
      }
    }
  }
  return graph.nodes.map((n) => n.id).filter((n) => seen.has(n));
}

/** The input's property names, from the validation nodes' schemas. */
export function inputProperties(graph: EditorGraph): string[] {
  const names = new Set<string>();
  for (const n of graph.nodes) {
    const props = (n.schema as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (n.type === "validation" && props && typeof props === "object") {
      for (const k of Object.keys(props)) names.add(k);
    }
  }
  return [...names];
}
