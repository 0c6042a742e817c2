package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Calls one tool on a workspace MCP connection; every string in {@code arguments} is a template.
 */
public record McpToolNode(
    String id,
    String label,
    Optional<RetrySpec> retry,
    Optional<Duration> timeout,
    String mcp,
    String tool,
    JsonNode arguments)
    implements NodeSpec {

  public static final String TYPE = "mcp_tool";

  public McpToolNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(mcp, "mcp");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
