import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useExecution, useExecutionPipeline } from "../api/queries";
import { ApprovalPanel } from "../approvals/ApprovalPanel";
import { ProblemMessage } from "../common/ProblemMessage";
import { useExecutionStream } from "../live/useExecutionStream";
import { ExecutionActions } from "./ExecutionActions";
import { ExecutionGraph } from "./ExecutionGraph";
import { ExecutionSummary } from "./ExecutionSummary";
import { StepList } from "./StepList";

export function ExecutionPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const execution = useExecution(id);
  const pipeline = useExecutionPipeline(execution.data);
  // Every stored event is replayed on connect, so the picture is the same live or after the end.
  const { state, connected } = useExecutionStream(id);
  const graph = pipeline.data?.graph_definition;
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
          <ExecutionGraph graph={graph} nodes={state.nodes} />
          <StepList graph={graph} nodes={state.nodes} />
        </div>
      )}
    </main>
  );
}
