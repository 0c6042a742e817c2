package dev.orchestrate.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Calls the tools of a workspace's MCP connections, for the engine's {@code mcp_tool} nodes and the
 * API. Callers run with the workspace's tenant; failures are {@link ToolException}s.
 */
public interface ToolGateway {

  /**
   * Calls {@code tool} on the connection named {@code connection}.
   *
   * @throws ToolException {@code NOT_FOUND} for an unknown connection or tool, {@code INVALID} for
   *     arguments that do not match the tool's input schema, {@code BAD_GATEWAY} or {@code
   *     GATEWAY_TIMEOUT} when the server fails
   */
  ToolResult call(
      UUID workspaceId, String connection, String tool, JsonNode arguments, Duration timeout);

  /** The tools the connection offers, simulated ones marked so. */
  List<ToolInfo> tools(UUID workspaceId, String connection);

  /**
   * What a tool answered.
   *
   * @param content the tool's structured result
   * @param simulated answered in-process because the connection has no live server yet
   * @param isError the tool ran and reported a failure of its own, which MCP returns as a result
   */
  record ToolResult(JsonNode content, boolean simulated, boolean isError) {
    public ToolResult {
      Objects.requireNonNull(content, "content");
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
