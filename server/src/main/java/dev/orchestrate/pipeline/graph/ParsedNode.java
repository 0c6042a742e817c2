package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Optional;

/**
 * A node as read from the graph JSON. {@code id} is the id as written even when malformed, so edges
 * to it are not reported a second time; {@code spec} is present only when the node had no problem
 * of its own.
 */
record ParsedNode(
    int index, Optional<String> id, Optional<NodeSpec> spec, List<TemplateUse> templateUses) {

  static ParsedNode unreadable(int index) {
    return new ParsedNode(index, Optional.empty(), Optional.empty(), List.of());
  }
}
