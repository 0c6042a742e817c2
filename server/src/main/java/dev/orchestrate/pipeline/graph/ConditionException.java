package dev.orchestrate.pipeline.graph;

/** An edge condition that does not compile, or that fails or yields a non-bool when evaluated. */
public final class ConditionException extends GraphException {

  ConditionException(String message) {
    super(message);
  }

  ConditionException(String message, Throwable cause) {
    super(message, cause);
  }
}
