package dev.orchestrate.engine;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.mcp.ToolException;
import dev.orchestrate.pipeline.graph.McpToolNode;
import dev.orchestrate.pipeline.graph.Templates;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Runs an mcp_tool node: renders its arguments and calls one tool of the workspace's connection.
 */
@Component
class McpToolHandler {

  private final ToolCalls toolCalls;

  McpToolHandler(ToolCalls toolCalls) {
    this.toolCalls = toolCalls;
  }

  Outcome run(NodeContext ctx, McpToolNode node) {
    var arguments = Templates.renderJson(node.arguments(), ctx.input(), ctx.outputs());
    try {
      var result = toolCalls.call(ctx, node.mcp(), node.tool(), arguments);
      if (result.isError()) {
        return new Outcome.Failed(
            "tool_error",
            node.mcp() + "." + node.tool() + " answered an error: " + result.text(),
            false,
            List.of());
      }
      return new Outcome.Completed(result.content(), List.of());
    } catch (ToolException e) {
      // Only a server that failed or timed out may do better on another attempt, not bad input.
      String code = e.kind() == ErrorKind.GATEWAY_TIMEOUT ? "timeout" : "tool_error";
      return new Outcome.Failed(code, e.getMessage(), e.isTransient(), List.of());
    } catch (OrchestrateException e) {
      return new Outcome.Failed("tool_error", e.getMessage(), false, List.of());
    }
  }
}
