import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useQueryClient } from "@tanstack/react-query";
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type DragEvent,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router";
import { keys, usePipeline } from "../api/queries";
import type { GraphDefinition, Pipeline } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { layout, NODE_WIDTH } from "../executions/layout";
import { TryNode } from "../versions/TryNode";
import { useWorkspace } from "../workspaces/useWorkspace";
import "./canvas.css";
import { CanvasNode, type CanvasFlowNode } from "./CanvasNode";
import { JsonField } from "./JsonField";
import {
  type EditorGraph,
  type EditorNode,
  emptyGraph,
  graphShapeProblem,
  initialState,
  isDirty,
  reduce,
  toGraph,
} from "./model";
import { Palette, PALETTE_MIME } from "./Palette";
import { SaveBar } from "./SaveBar";
import { Shortcuts } from "./Shortcuts";
import { flowEdges, flowNodes } from "./flowElements";
import { SidePanel } from "./SidePanel";
import { useLeaveWarning, useShortcuts } from "./usePageKeys";
import { useValidation } from "./useValidation";

const StartDialog = lazy(() => import("../pipelines/StartDialog"));

const nodeTypes = { canvas: CanvasNode };

/** An agent node's side panel can run it alone, as edited, with sample input (src/versions). */
function tryNode(pipelineId: string | undefined) {
  return (node: EditorNode, graph: EditorGraph): ReactNode => (
    <TryNode
      key={node.id}
      graph={graph as GraphDefinition}
      node={node}
      {...(pipelineId ? { pipelineId } : {})}
    />
  );
}

/** `/pipelines/new` and `/pipelines/:id/edit`: the pipeline canvas. */
export function CanvasPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const workspace = useWorkspace();
  const pipeline = usePipeline(workspace?.id, id);
  // After the first save of a new pipeline the URL gains its id; the editor stays the same one.
  const editorKey = (location.state as { editorKey?: string } | null)?.editorKey ?? id ?? "new";
  if (id && !pipeline.data) {
    return (
      <main id="main" className="canvas-page">
        <h1>{t("canvas.title")}</h1>
        {pipeline.isPending && <p>{t("common.loading")}</p>}
        <ProblemMessage error={pipeline.error} />
      </main>
    );
  }
  return (
    <ReactFlowProvider>
      <Editor key={editorKey} pipeline={id ? pipeline.data : undefined} />
    </ReactFlowProvider>
  );
}

function Editor({ pipeline }: { pipeline: Pipeline | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const readOnly = workspace?.role === "viewer";
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);

  const [state, dispatch] = useReducer(
    reduce,
    (pipeline?.graph_definition as EditorGraph | undefined) ?? emptyGraph(),
    initialState,
  );
  const stateRef = useRef(state);
  stateRef.current = state;
  const [saved, setSaved] = useState<Pipeline | undefined>(pipeline);
  const [tab, setTab] = useState<"canvas" | "json">("canvas");
  const [running, setRunning] = useState(false);
  // Fit the view to a loaded graph only: on an empty canvas the first node dropped must stay where
  // it was dropped, not be centred and zoomed to.
  const [fitOnLoad] = useState(() => state.graph.nodes.length > 0);
  const fitted = useRef(false);
  const fitOnLoadRef = useRef(fitOnLoad);
  const flowRef = useRef(flow);
  flowRef.current = flow;
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const graph = toGraph(state);
  const dirty = isDirty(state);

  // A graph saved without positions (one written by hand or by the API) is laid out once, as the
  // monitor lays it out (layout.ts keeps saved positions unless they make the graph illegibly wide).
  useEffect(() => {
    const g = stateRef.current.graph;
    if (g.nodes.length === 0) return;
    let current = true;
    void layout(g).then((positions) => {
      if (!current) return;
      const same = g.nodes.every(
        (n) => n.position?.x === positions[n.id]?.x && n.position?.y === positions[n.id]?.y,
      );
      if (same) return;
      dispatch({
        type: "load",
        graph: { ...g, nodes: g.nodes.map((n) => ({ ...n, position: positions[n.id] ?? n.position })) },
      });
      requestAnimationFrame(() => flow.fitView());
    });
    return () => {
      current = false;
    };
  }, [flow]);

  const { errors, checking, valid, failure } = useValidation(ws, graph);

  const nodes = useMemo(
    () => flowNodes(graph, state.selection.nodes, measured, errors, readOnly, t),
    [graph, state.selection.nodes, measured, errors, readOnly, t],
  );
  const edges = useMemo(
    () => flowEdges(graph, state.selection.edges, errors, t),
    [graph, state.selection.edges, errors, t],
  );

  const onNodesChange = useCallback((changes: NodeChange<CanvasFlowNode>[]) => {
    const s = stateRef.current;
    const selects: { kind: "node"; id: string; selected: boolean }[] = [];
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const c of changes) {
      if (c.type === "position") {
        const current = s.graph.nodes.find((n) => n.id === c.id)?.position ?? { x: 0, y: 0 };
        if (c.position || c.dragging === false) {
          dispatch({ type: "move", id: c.id, position: c.position ?? current, done: !c.dragging });
        }
      } else if (c.type === "select") {
        selects.push({ kind: "node", id: c.id, selected: c.selected });
      } else if (c.type === "dimensions" && c.dimensions) {
        sizes[c.id] = c.dimensions;
      }
    }
    if (Object.keys(sizes).length) {
      setMeasured((m) => ({ ...m, ...sizes }));
      // A loaded graph is fit to the view once every node has its size (fitView before that
      // measures a part of it).
      if (!fitted.current && fitOnLoadRef.current) {
        fitted.current = true;
        requestAnimationFrame(() => void flowRef.current.fitView({ maxZoom: 1 }));
      }
    }
    if (selects.length) dispatch({ type: "toggleSelect", changes: selects });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selects = changes.flatMap((c) =>
      c.type === "select" ? [{ kind: "edge" as const, id: c.id, selected: c.selected }] : [],
    );
    if (selects.length) dispatch({ type: "toggleSelect", changes: selects });
  }, []);

  const onConnect = useCallback(
    (c: Connection) => dispatch({ type: "connect", from: c.source, to: c.target }),
    [],
  );

  const addAt = useCallback(
    (nodeType: EditorNode["type"], clientX?: number, clientY?: number) => {
      const box = wrapper.current?.getBoundingClientRect();
      const x = clientX ?? (box ? box.left + box.width / 3 : 0);
      const y = clientY ?? (box ? box.top + box.height / 4 : 0);
      const p = flow.screenToFlowPosition({ x, y });
      let position = { x: p.x - NODE_WIDTH / 2, y: p.y - 30 };
      if (clientX === undefined) {
        // Pressed, not dropped: the first free place right of the viewport's point, row by row.
        const taken = stateRef.current.graph.nodes.map((n) => n.position ?? { x: 0, y: 0 });
        const free = (q: { x: number; y: number }) =>
          taken.every((t) => Math.abs(t.x - q.x) > NODE_WIDTH + 20 || Math.abs(t.y - q.y) > 90);
        for (let i = 0; i < 60 && !free(position); i++) {
          position = i % 3 === 2
            ? { x: p.x - NODE_WIDTH / 2, y: position.y + 110 }
            : { x: position.x + NODE_WIDTH + 120, y: position.y };
        }
      }
      dispatch({ type: "add", nodeType, position, label: t(`canvas.type.${nodeType}`) });
    },
    [flow, t],
  );

  const onDrop = (e: DragEvent) => {
    const nodeType = e.dataTransfer.getData(PALETTE_MIME) as EditorNode["type"];
    if (!nodeType || readOnly) return;
    e.preventDefault();
    addAt(nodeType, e.clientX, e.clientY);
  };

  useShortcuts(dispatch, readOnly);
  useLeaveWarning(dirty);

  const onSaved = (p: Pipeline) => {
    dispatch({ type: "saved", graph });
    setSaved(p);
    queryClient.setQueryData(keys.pipeline(ws ?? "", p.id), p);
    void queryClient.invalidateQueries({ queryKey: keys.pipelines(ws ?? "") });
    if (!pipeline) navigate(`/pipelines/${p.id}/edit`, { replace: true, state: { editorKey: "new" } });
  };

  const selectedNode =
    state.selection.nodes.length === 1
      ? (graph.nodes.find((n) => n.id === state.selection.nodes[0]) ?? null)
      : null;
  const selectedEdge =
    !selectedNode && state.selection.nodes.length === 0 && state.selection.edges.length === 1
      ? state.selection.edges[0]!
      : null;
  const errorTotal = errors.length;

  return (
    <main id="main" className="canvas-page">
      <SaveBar
        workspaceId={ws}
        saved={saved}
        graph={graph}
        dirty={dirty}
        readOnly={readOnly}
        onSaved={onSaved}
        onRun={() => setRunning(true)}
      />
      <div className="canvas-toolbar" role="toolbar" aria-label={t("canvas.toolbar")}>
        <div role="tablist" aria-label={t("canvas.views")} className="canvas-tabs">
          {(["canvas", "json"] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              id={`canvas-tab-${v}`}
              aria-selected={tab === v}
              aria-controls={`canvas-view-${v}`}
              onClick={() => setTab(v)}
            >
              {t(`canvas.view.${v}`)}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => dispatch({ type: "undo" })} disabled={readOnly || state.past.length === 0}>
          ↶ {t("canvas.undo")}
        </button>
        <button type="button" onClick={() => dispatch({ type: "redo" })} disabled={readOnly || state.future.length === 0}>
          ↷ {t("canvas.redo")}
        </button>
        <Shortcuts />
        <span className="canvas-status" role="status">
          {graph.nodes.length === 0
            ? ""
            : checking
              ? t("canvas.checking")
              : errorTotal
                ? t("canvas.invalid", { count: errorTotal })
                : valid
                  ? t("canvas.valid")
                  : ""}
        </span>
      </div>
      {failure ? <ProblemMessage error={failure} /> : null}
      {tab === "canvas" ? (
        <div className="canvas-body" id="canvas-view-canvas" role="tabpanel" aria-labelledby="canvas-tab-canvas">
          {!readOnly && <Palette onAdd={(type) => addAt(type)} />}
          <div
            className="canvas-flow"
            ref={wrapper}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(PALETTE_MIME)) {
                e.preventDefault();
                e.dataTransfer.dropEffect = "copy";
              }
            }}
            onDrop={onDrop}
          >
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={readOnly ? undefined : onConnect}
              onDelete={({ nodes: gone, edges: cut }) =>
                dispatch({ type: "delete", nodes: gone.map((n) => n.id), edges: cut.map((e) => e.id) })
              }
              deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
              nodesConnectable={!readOnly}
              fitView={fitOnLoad}
              defaultViewport={{ x: 0, y: 0, zoom: 0.75 }}
              minZoom={0.3}
              fitViewOptions={{ maxZoom: 1 }}
              aria-label={t("canvas.title")}
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
            {graph.nodes.length === 0 && <p className="canvas-empty">{t("canvas.emptyHint")}</p>}
          </div>
          <SidePanel
            graph={graph}
            selectedNode={selectedNode}
            selectedEdge={selectedEdge}
            errors={errors}
            workspaceId={ws}
            readOnly={readOnly}
            dispatch={dispatch}
            renderTryNode={tryNode(pipeline?.id)}
          />
        </div>
      ) : (
        <div className="canvas-json" id="canvas-view-json" role="tabpanel" aria-labelledby="canvas-tab-json">
          <p className="hint">{t("canvas.jsonHint")}</p>
          <JsonField
            value={graph}
            onChange={(g) => dispatch({ type: "fromJson", graph: g as EditorGraph })}
            label={t("canvas.view.json")}
            minHeight="50vh"
            validate={graphShapeProblem}
            readOnly={readOnly}
          />
          {errors.length > 0 && (
            <ul className="canvas-errors">
              {errors.map((e) => (
                <li key={e.path + e.message}>
                  <code>{e.path}</code> {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {running && saved && (
        <Suspense fallback={null}>
          <StartDialog pipeline={saved} onClose={() => setRunning(false)} />
        </Suspense>
      )}
    </main>
  );
}
