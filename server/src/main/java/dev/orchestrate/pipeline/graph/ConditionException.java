package dev.orchestrate.pipeline.graph;

/**
 * An edge condition that does not compile, or that fails or yields a non-bool when evaluated. The
 * message is plain words for the pipeline's author: it never names a Java type.
 */
public sealed class ConditionException extends GraphException permits ConditionLimitException {

  ConditionException(String message) {
    super(message);
  }

  ConditionException(String message, Throwable cause) {
    super(message, cause);
  }
}
