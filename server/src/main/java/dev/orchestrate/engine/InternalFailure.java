package dev.orchestrate.engine;

import dev.orchestrate.agent.PaidCall;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code internal} outcome of a step that ended in an unplanned error: plain words and a
 * reference for the user, the stack trace in the log once under the same reference.
 */
final class InternalFailure {

  static final String CODE = "internal";

  private static final Logger log = LoggerFactory.getLogger(InternalFailure.class);

  private InternalFailure() {}

  static Outcome.Failed of(NodeContext ctx, RuntimeException error) {
    return referenced(
        ctx,
        error,
        "failed unexpectedly",
        "The step failed on an unexpected error",
        true,
        List.of());
  }

  /** A completed attempt whose result the database refused to store; its calls are still paid. */
  static Outcome.Failed unstorable(NodeContext ctx, RuntimeException error, List<PaidCall> calls) {
    return referenced(
        ctx,
        error,
        "produced a result that cannot be stored",
        "The step's result could not be stored",
        false,
        calls);
  }

  /** Logs the error once under a fresh reference, and quotes only the reference to the user. */
  private static Outcome.Failed referenced(
      NodeContext ctx,
      RuntimeException error,
      String logged,
      String shown,
      boolean retryable,
      List<PaidCall> calls) {
    String reference = reference();
    log.error(
        "Step {} of execution {} (attempt {}) {} [ref {}]",
        ctx.node().id(),
        ctx.executionId(),
        ctx.attempt(),
        logged,
        reference,
        error);
    return new Outcome.Failed(CODE, shown + " (reference " + reference + ").", retryable, calls);
  }

  /** A step whose runner kept dying before it could record an outcome. */
  static Outcome.Failed interrupted(String nodeId, UUID executionId, int attempts) {
    log.error(
        "Step {} of execution {} was interrupted {} times without an outcome; failing it",
        nodeId,
        executionId,
        attempts);
    return new Outcome.Failed(
        CODE,
        "The step was interrupted "
            + attempts
            + " times before it could finish, so it was stopped rather than started again.",
        false,
        List.of());
  }

  static String reference() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
