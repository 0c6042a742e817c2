package dev.orchestrate.pipeline.graph;

import java.util.Optional;

/** An edge as read from the graph JSON; {@code from} or {@code to} is empty when unreadable. */
record ParsedEdge(
    int index, Optional<String> from, Optional<String> to, Optional<String> condition) {

  boolean conditional() {
    return condition.isPresent();
  }

  String path() {
    return Paths.edge(index);
  }
}
