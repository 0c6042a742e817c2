package dev.orchestrate.pipeline.graph;

/**
 * A condition that would cost, or did cost, more than {@link Condition}'s limits allow: too long,
 * too deeply nested, too many iterations, too long a run, or stopped because its thread was
 * interrupted. The message names the limit.
 */
public final class ConditionLimitException extends ConditionException {

  ConditionLimitException(String message) {
    super(message);
  }
}
