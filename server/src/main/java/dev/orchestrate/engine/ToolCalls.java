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
 * completed or failed with its duration and result size), recorded on its step ({@code tool_calls})
 * and audited, simulated or not. The call carries the execution's start (the secret versions it
 * reads) and its attempt's control (cancelling the execution or timing out cancels the call).
 */
@Component
class ToolCalls {

  /**
   * The most of a result's text a step's record of the call keeps; the step's output has it all.
   */
  static final int RECORDED_RESULT_CHARS = 4_000;

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
    String nodeId = ctx.node().id();
    ctx.events()
        .emit(
            EngineEvent.of(
                "tool_call", "node_id", nodeId, "mcp", mcp, "tool", tool, "status", "started"));
    Instant started = clock.instant();
    try {
      var result = gateway.call(scope(ctx), mcp, tool, arguments);
      long ms = Duration.between(started, clock.instant()).toMillis();
      finished(
          ctx,
          new Finished(
              mcp, tool, arguments, result.isError() ? "failed" : "completed", ms, result));
      return result;
    } catch (RuntimeException e) {
      long ms = Duration.between(started, clock.instant()).toMillis();
      finished(ctx, new Finished(mcp, tool, arguments, "failed", ms, null));
      throw e;
    }
  }

  /** The tools of a connection, with the execution's secrets, for a model's tool definitions. */
  java.util.List<ToolGateway.ToolInfo> tools(NodeContext ctx, String mcp) {
    return gateway.tools(scope(ctx), mcp);
  }

  private ToolGateway.CallScope scope(NodeContext ctx) {
    Duration timeout = ctx.timeout() != null ? ctx.timeout() : properties.defaultToolTimeout();
    return new ToolGateway.CallScope(
        ctx.workspaceId(), ctx.executionId(), ctx.secretsAsOf(), timeout, ctx.control());
  }

  /** How one call ended; {@code result} is null when it produced none. */
  private record Finished(
      String mcp,
      String tool,
      JsonNode arguments,
      String status,
      long ms,
      ToolGateway.ToolResult result) {

    long bytes() {
      return result == null ? 0 : result.bytes();
    }

    boolean simulated() {
      return result != null && result.simulated();
    }

    boolean truncated() {
      return result != null && result.truncated();
    }
  }

  /**
   * Announces the end of a call ({@code tool_call} with its duration and size), records it on the
   * step in the same transaction, and audits it.
   */
  private void finished(NodeContext ctx, Finished call) {
    String nodeId = ctx.node().id();
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("mcp", call.mcp());
    record.put("tool", call.tool());
    record.put("status", call.status());
    record.put("attempt", ctx.attempt());
    record.put("duration_ms", call.ms());
    record.put("bytes", call.bytes());
    record.put("simulated", call.simulated());
    if (call.truncated()) {
      record.put("truncated", true);
    }
    // What the node inspector shows of the call: the arguments sent (rendered from the input and
    // upstream outputs, or written by the model; secrets go only into the connection's environment
    // and headers) and the start of the text the model or the node read back.
    record.put("arguments", call.arguments());
    if (call.result() != null) {
      String text = call.result().text();
      record.put(
          "result",
          text.length() <= RECORDED_RESULT_CHARS ? text : text.substring(0, RECORDED_RESULT_CHARS));
      if (text.length() > RECORDED_RESULT_CHARS) {
        record.put("result_cut", true);
      }
    }
    ctx.events()
        .emitToolCall(
            ctx.stepId(),
            EngineEvent.of(
                "tool_call",
                "node_id",
                nodeId,
                "mcp",
                call.mcp(),
                "tool",
                call.tool(),
                "status",
                call.status(),
                "duration_ms",
                call.ms(),
                "bytes",
                call.bytes()),
            // jsonb holds no NUL character, which a tool's text or a model's arguments may carry.
            json.writeValueAsString(record).replace("\\u0000", "\\ufffd"));
    audit(ctx, call);
  }

  /** A call the model asked for: a failure becomes an error result the model can read. */
  ContentBlock.ToolResult forModel(NodeContext ctx, String mcp, String tool, ToolCall toolCall) {
    try {
      var result = call(ctx, mcp, tool, toolCall.input());
      return new ContentBlock.ToolResult(toolCall.id(), result.text(), result.isError());
    } catch (OrchestrateException e) {
      return new ContentBlock.ToolResult(toolCall.id(), e.getMessage(), true);
    }
  }

  private void audit(NodeContext ctx, Finished call) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", ctx.executionId());
    details.put("node_id", ctx.node().id());
    details.put("connection", call.mcp());
    details.put("tool", call.tool());
    details.put("status", call.status());
    details.put("simulated", call.simulated());
    details.put("duration_ms", call.ms());
    details.put("bytes", call.bytes());
    audit.publishEvent(new AuditEvent(ctx.workspaceId(), null, "mcp", "mcp.tool_called", details));
  }
}
