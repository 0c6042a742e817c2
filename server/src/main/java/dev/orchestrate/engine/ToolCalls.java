package dev.orchestrate.engine;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.llm.ContentBlock;
import dev.orchestrate.llm.ToolCall;
import dev.orchestrate.mcp.ToolGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One MCP tool call of a running node: announced with {@code tool_call} events (started, then
 * completed or failed with its duration) and audited, simulated or not.
 */
@Component
class ToolCalls {

  private final ToolGateway gateway;
  private final EngineProperties properties;
  private final ApplicationEventPublisher audit;
  private final JsonMapper json;
  private final Clock clock;

  ToolCalls(
      ToolGateway gateway,
      EngineProperties properties,
      ApplicationEventPublisher audit,
      JsonMapper json,
      Clock clock) {
    this.gateway = gateway;
    this.properties = properties;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** Calls the tool; failures propagate as {@link OrchestrateException} after being announced. */
  ToolGateway.ToolResult call(NodeContext ctx, String mcp, String tool, JsonNode arguments) {
    Duration timeout = ctx.timeout() != null ? ctx.timeout() : properties.defaultToolTimeout();
    String nodeId = ctx.node().id();
    ctx.events()
        .emit(
            EngineEvent.of(
                "tool_call", "node_id", nodeId, "mcp", mcp, "tool", tool, "status", "started"));
    Instant started = clock.instant();
    try {
      var result = gateway.call(ctx.workspaceId(), mcp, tool, arguments, timeout);
      long ms = Duration.between(started, clock.instant()).toMillis();
      String status = result.isError() ? "failed" : "completed";
      ctx.events()
          .emit(
              EngineEvent.of(
                  "tool_call",
                  "node_id",
                  nodeId,
                  "mcp",
                  mcp,
                  "tool",
                  tool,
                  "status",
                  status,
                  "duration_ms",
                  ms));
      audit(ctx, mcp, tool, status, result.simulated(), ms);
      return result;
    } catch (RuntimeException e) {
      long ms = Duration.between(started, clock.instant()).toMillis();
      ctx.events()
          .emit(
              EngineEvent.of(
                  "tool_call",
                  "node_id",
                  nodeId,
                  "mcp",
                  mcp,
                  "tool",
                  tool,
                  "status",
                  "failed",
                  "duration_ms",
                  ms));
      audit(ctx, mcp, tool, "failed", false, ms);
      throw e;
    }
  }

  /** A call the model asked for: a failure becomes an error result the model can read. */
  ContentBlock.ToolResult forModel(NodeContext ctx, String mcp, String tool, ToolCall toolCall) {
    try {
      var result = call(ctx, mcp, tool, toolCall.input());
      return new ContentBlock.ToolResult(
          toolCall.id(), json.writeValueAsString(result.content()), result.isError());
    } catch (OrchestrateException e) {
      return new ContentBlock.ToolResult(toolCall.id(), e.getMessage(), true);
    }
  }

  private void audit(
      NodeContext ctx, String mcp, String tool, String status, boolean simulated, long ms) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", ctx.executionId());
    details.put("node_id", ctx.node().id());
    details.put("connection", mcp);
    details.put("tool", tool);
    details.put("status", status);
    details.put("simulated", simulated);
    details.put("duration_ms", ms);
    audit.publishEvent(new AuditEvent(ctx.workspaceId(), null, "mcp", "mcp.tool_called", details));
  }
}
