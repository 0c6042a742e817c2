package dev.orchestrate.engine;

import dev.orchestrate.agent.PaidCall;
import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** How a node's attempt ended. Paid calls are settled in the transaction that records it. */
sealed interface Outcome {

  List<PaidCall> calls();

  record Completed(JsonNode output, List<PaidCall> calls) implements Outcome {}

  /**
   * @param code the contract's error code ({@code provider_error}, {@code timeout}, …)
   * @param retryable whether another attempt may succeed (transient faults only)
   */
  record Failed(String code, String message, boolean retryable, List<PaidCall> calls)
      implements Outcome {

    /** The same failure once its calls are settled, so that recording it again charges nothing. */
    Failed withoutCalls() {
      return new Failed(code, message, retryable, List.of());
    }
  }

  /**
   * The node's calls could cost more than is left of the run's budget; they did not start, and the
   * step waits for a larger budget.
   *
   * @param needed the most the node's calls may cost
   */
  record OverBudget(BigDecimal spent, BigDecimal budget, BigDecimal needed) implements Outcome {

    @Override
    public List<PaidCall> calls() {
      return List.of();
    }

    String message() {
      return "The step may cost up to %s credits; the run has spent %s of its budget of %s."
          .formatted(
              Money.normalize(needed).toPlainString(),
              Money.normalize(spent).toPlainString(),
              Money.normalize(budget).toPlainString());
    }
  }

  /** A human gate now waits for a decision. */
  record Waiting(String message, List<String> approvers, Instant deadline) implements Outcome {
    @Override
    public List<PaidCall> calls() {
      return List.of();
    }
  }
}
