package dev.orchestrate.engine;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An execution's lifecycle: {@code queued → running ⇄ awaiting_approval → completed | failed |
 * cancelled | rejected}; a failed execution may be retried (back to queued). The legal transitions
 * are listed here and nowhere else.
 */
public enum ExecutionStatus {
  QUEUED,
  RUNNING,
  AWAITING_APPROVAL,
  COMPLETED,
  FAILED,
  CANCELLED,
  REJECTED;

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> NEXT =
      Map.of(
          QUEUED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING,
              EnumSet.of(
                  RUNNING, AWAITING_APPROVAL, QUEUED, COMPLETED, FAILED, CANCELLED, REJECTED),
          AWAITING_APPROVAL, EnumSet.of(QUEUED, RUNNING, CANCELLED, REJECTED),
          COMPLETED, EnumSet.noneOf(ExecutionStatus.class),
          FAILED, EnumSet.of(QUEUED),
          CANCELLED, EnumSet.noneOf(ExecutionStatus.class),
          REJECTED, EnumSet.noneOf(ExecutionStatus.class));

  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == REJECTED;
  }

  public boolean canBecome(ExecutionStatus next) {
    return NEXT.get(this).contains(next);
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
