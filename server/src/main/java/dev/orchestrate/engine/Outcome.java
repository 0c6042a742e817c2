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

  /**
   * What an agent_call node sent its agents ({@code [{role, content, agent_slug?}]}), kept on the
   * step for the node inspector; null for other nodes, or when the attempt failed before rendering.
   */
  default JsonNode prompt() {
    return null;
  }

  record Completed(JsonNode output, List<PaidCall> calls, JsonNode prompt) implements Outcome {

    Completed(JsonNode output, List<PaidCall> calls) {
      this(output, calls, null);
    }
  }

  /**
   * @param code the contract's error code ({@code provider_error}, {@code timeout}, …)
   * @param retryable whether another attempt may succeed (transient faults only)
   */
  record Failed(
      String code, String message, boolean retryable, List<PaidCall> calls, JsonNode prompt)
      implements Outcome {

    Failed(String code, String message, boolean retryable, List<PaidCall> calls) {
      this(code, message, retryable, calls, null);
    }

    /** The same failure once its calls are settled, so that recording it again charges nothing. */
    Failed withoutCalls() {
      return new Failed(code, message, retryable, List.of(), prompt);
    }

    /** The same attempt ending with another code and message (a timeout, a cancellation). */
    Failed as(String newCode, String newMessage, boolean isRetryable) {
      return new Failed(newCode, newMessage, isRetryable, calls, prompt);
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
