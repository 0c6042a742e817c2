package dev.orchestrate.pipeline.graph;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run does when the next paid node's maximum cost no longer fits in its budget: wait for an
 * owner or admin to raise the budget (the default), or fail at once.
 */
public enum OnBudget {
  PAUSE,
  FAIL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<OnBudget> parse(String wire) {
    return Arrays.stream(values()).filter(v -> v.wire().equals(wire)).findFirst();
  }
}
