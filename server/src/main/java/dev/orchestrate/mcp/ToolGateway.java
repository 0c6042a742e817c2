package dev.orchestrate.mcp;

import dev.orchestrate.llm.CallControl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Calls the tools of a workspace's MCP connections, for the engine's {@code mcp_tool} nodes, its
 * agents' tool rounds and the API. A preset answers through its simulation until its secret is set;
 * every other connection through its live server. Failures are {@link ToolException}s.
 */
public interface ToolGateway {

  /**
   * Calls {@code tool} on the connection named {@code connection}.
   *
   * @throws ToolException {@code NOT_FOUND} for an unknown connection or tool, {@code INVALID} for
   *     arguments that do not match the tool's input schema, {@code BAD_GATEWAY} or {@code
   *     GATEWAY_TIMEOUT} when the server fails ({@link ToolException#isTransient()} says whether
   *     trying again may help)
   */
  ToolResult call(CallScope scope, String connection, String tool, JsonNode arguments);

  /** The tools the connection offers, simulated ones marked so. */
  List<ToolInfo> tools(CallScope scope, String connection);

  /**
   * Who calls, and within what bounds.
   *
   * @param executionId the execution calling, or null (an API call): audited with each secret read
   * @param asOf the secret versions in effect at this instant are used (an execution's start), so a
   *     secret replaced meanwhile does not change a run already going; null: the current versions
   * @param timeout the call's deadline
   * @param control cancelling it abandons the call and cancels it at the server
   */
  record CallScope(
      UUID workspaceId, UUID executionId, Instant asOf, Duration timeout, CallControl control) {
    public CallScope {
      Objects.requireNonNull(workspaceId, "workspaceId");
      Objects.requireNonNull(timeout, "timeout");
      control = control == null ? new CallControl() : control;
    }

    /** A call outside any execution, with the current secrets. */
    public static CallScope now(UUID workspaceId, Duration timeout) {
      return new CallScope(workspaceId, null, null, timeout, new CallControl());
    }
  }

  /**
   * What a tool answered, already cut to the size limit.
   *
   * @param content the result as MCP shapes it: {@code {content: [blocks], structuredContent?,
   *     simulated?, truncated?}}; a simulated preset answers the same shape
   * @param simulated answered in-process because the connection has no live server yet
   * @param isError the tool ran and reported a failure of its own, which MCP returns as a result
   * @param text what a model reads: the text of the content blocks
   * @param bytes the size of the whole result as the server sent it (JSON, UTF-8)
   * @param truncated whether it was larger than the limit and cut
   */
  record ToolResult(
      JsonNode content,
      boolean simulated,
      boolean isError,
      String text,
      long bytes,
      boolean truncated) {
    public ToolResult {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(text, "text");
    }

    /** A result as a simulated tool answers it: its structured content, read by models as JSON. */
    public ToolResult(JsonNode content, boolean simulated, boolean isError) {
      this(
          content,
          simulated,
          isError,
          content.toString(),
          content.toString().getBytes(StandardCharsets.UTF_8).length,
          false);
    }
  }

  /**
   * A tool as its server lists it.
   *
   * @param inputSchema the JSON Schema its arguments must match
   * @param simulated answered in-process until the connection's secret is set
   */
  record ToolInfo(String name, String description, JsonNode inputSchema, boolean simulated) {
    public ToolInfo {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(inputSchema, "inputSchema");
    }
  }
}
