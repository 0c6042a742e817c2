package dev.orchestrate.pipeline.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * A directed edge, taken when {@code from} completes and its CEL {@code condition}, if any, holds.
 */
public record EdgeSpec(String from, String to, Optional<String> condition) {

  public EdgeSpec {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(condition, "condition");
  }

  public static EdgeSpec always(String from, String to) {
    return new EdgeSpec(from, to, Optional.empty());
  }
}
