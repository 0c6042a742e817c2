package dev.orchestrate.engine;

import java.util.Locale;

/**
 * A step's state: {@code pending → running → completed | failed | awaiting_approval}, or skipped.
 */
public enum StepStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  SKIPPED,
  AWAITING_APPROVAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
