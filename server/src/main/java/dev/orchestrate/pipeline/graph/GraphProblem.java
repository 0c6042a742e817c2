package dev.orchestrate.pipeline.graph;

import java.util.Objects;

/**
 * One thing wrong with a graph, at a path in the contract's style such as {@code
 * nodes[3].agent_slug} or {@code edges[1].condition}; the empty path means the whole graph.
 */
public record GraphProblem(String path, String message) {

  public GraphProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
