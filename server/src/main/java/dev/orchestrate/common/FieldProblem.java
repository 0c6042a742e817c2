package dev.orchestrate.common;

import java.util.Objects;

/** One thing wrong with a request, at a JSON path such as {@code nodes[3].agent_slug}. */
public record FieldProblem(String path, String message) {
  public FieldProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
