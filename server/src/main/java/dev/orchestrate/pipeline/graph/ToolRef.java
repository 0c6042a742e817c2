package dev.orchestrate.pipeline.graph;

import java.util.Objects;

/** A tool an agent may call during its tool-use loop: a tool on a workspace MCP connection. */
public record ToolRef(String mcp, String tool) {

  public ToolRef {
    Objects.requireNonNull(mcp, "mcp");
    Objects.requireNonNull(tool, "tool");
  }
}
