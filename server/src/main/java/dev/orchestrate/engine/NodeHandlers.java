package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.FinalizeNode;
import dev.orchestrate.pipeline.graph.GraphException;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.pipeline.graph.McpToolNode;
import dev.orchestrate.pipeline.graph.TriggerNode;
import dev.orchestrate.pipeline.graph.ValidationNode;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/** Runs one attempt of any node type: the one exhaustive switch over the node types. */
@Component
class NodeHandlers {

  private final SimpleHandlers simple;
  private final AgentCallHandler agentCalls;
  private final McpToolHandler mcpTools;

  NodeHandlers(SimpleHandlers simple, AgentCallHandler agentCalls, McpToolHandler mcpTools) {
    this.simple = simple;
    this.agentCalls = agentCalls;
    this.mcpTools = mcpTools;
  }

  Outcome run(NodeContext ctx) {
    try {
      return switch (ctx.node()) {
        case TriggerNode node -> simple.trigger(ctx);
        case ValidationNode node -> simple.validation(ctx, node);
        case AgentCallNode node -> agentCalls.run(ctx, node);
        case McpToolNode node -> mcpTools.run(ctx, node);
        case HumanGateNode node -> simple.gate(ctx, node);
        case FinalizeNode node -> simple.finalize(ctx, node);
      };
    } catch (GraphException e) {
      // A template that names a value the run does not have: the message says which path.
      return new Outcome.Failed("validation_failed", e.getMessage(), false, List.of());
    } catch (LeaseLostException e) {
      throw e;
    } catch (DataAccessResourceFailureException
        | TransientDataAccessException
        | TransactionException e) {
      // The database out of reach, not the step: failing the attempt would need the database
      // too, and the runner leaves the execution to be taken up again once it answers.
      throw e;
    } catch (RuntimeException e) {
      // Not a planned outcome: a defect, or input no check foresaw. It fails this attempt (the
      // retry policy decides what follows) instead of killing the runner, which would leave the
      // execution to be claimed again and fail the same way forever.
      return InternalFailure.of(ctx, e);
    }
  }
}
