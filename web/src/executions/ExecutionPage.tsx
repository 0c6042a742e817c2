import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useExecution, useExecutionPipeline } from "../api/queries";
import { ApprovalPanel } from "../approvals/ApprovalPanel";
import { ProblemMessage } from "../common/ProblemMessage";
import { withExecution } from "../live/reducer";
import { useExecutionStream } from "../live/useExecutionStream";
import { AgentStreams } from "./AgentStreams";
import { EventList } from "./EventList";
import { ExecutionActions } from "./ExecutionActions";
import { ExecutionGraph } from "./ExecutionGraph";
import { ExecutionSummary } from "./ExecutionSummary";
import { CompletedOutput } from "./FinalOutput";
import { useGraphView } from "./graphView";
import { NodeInspector } from "./inspector/NodeInspector";
import { useInspector } from "./inspector/useInspector";
import { StepList } from "./StepList";
import { Timeline } from "./Timeline";

export function ExecutionPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const execution = useExecution(id);
  const pipeline = useExecutionPipeline(execution.data);
  // Every stored event is replayed on connect, so the picture is the same live or after the end.
  const { state: stream, connected } = useExecutionStream(id);
  // The budget set at the start and the start time are in the GET until events say them.
  const state = useMemo(() => withExecution(stream, execution.data), [stream, execution.data]);
  // Streamed text changes the state, not this: the graph renders only when what it shows changes.
  const graphView = useGraphView(state.nodes);
  const graph = pipeline.data?.graph_definition;
  const inspector = useInspector();
  const inspected = graph?.nodes.find((n) => n.id === inspector.nodeId);
  return (
    <main id="main" className="execution">
      <h1>
        {t("execution.title")}
        {pipeline.data && `: ${pipeline.data.name}`}
      </h1>
      {execution.data && (
        <ExecutionActions
          execution={execution.data}
          // Live once events arrived; until then what the fetch said.
          status={state.lastSeq > 0 ? state.status : execution.data.status}
        />
      )}
      <ProblemMessage error={execution.error ?? pipeline.error} />
      <ExecutionSummary state={state} connected={connected} />
      {execution.data &&
        Object.entries(state.nodes)
          .filter(([, n]) => n.status === "awaiting_approval" && n.approval)
          .map(([nodeId, n]) => (
            <ApprovalPanel key={nodeId} execution={execution.data} nodeId={nodeId} node={n} />
          ))}
      {graph && (
        <div className="monitor">
          <ExecutionGraph graph={graph} nodes={graphView} onOpen={inspector.openNode} />
          <StepList graph={graph} nodes={state.nodes} onOpen={inspector.openNode} />
        </div>
      )}
      {graph && <AgentStreams graph={graph} nodes={state.nodes} />}
      {state.status === "completed" && execution.data && (
        <CompletedOutput execution={execution.data} graph={graph} />
      )}
      <Timeline graph={graph} state={state} />
      <EventList events={state.events} />
      {inspected && (
        <NodeInspector
          execution={execution.data}
          node={inspected}
          live={state.nodes[inspected.id]}
          onClose={inspector.close}
        />
      )}
    </main>
  );
}
