package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The fields every node type shares, and how the optional ones are read. */
record CommonFields(
    String id, String label, Optional<RetrySpec> retry, Optional<Duration> timeout) {

  static final Set<String> NAMES =
      Set.of("id", "type", "label", "description", "retry", "timeout", "position");
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  /** People take longer than machines: a human gate may wait up to a month. */
  static final Duration MAX_GATE_TIMEOUT = Duration.ofDays(30);

  static final int MAX_ATTEMPTS = 10;
  static final long MAX_BACKOFF_MS = 600_000;

  /** {@code retry: {max_attempts, backoff_ms}}; a field left out takes its default. */
  static Optional<RetrySpec> retry(JsonFields node) {
    Optional<JsonNode> json = node.optionalObject("retry");
    if (json.isEmpty()) {
      return Optional.empty();
    }
    JsonFields retry = new JsonFields(json.get(), node.path("retry"), node.problems());
    retry.rejectUnknown(Set.of("max_attempts", "backoff_ms"), "in retry");
    long attempts =
        retry
            .optionalInteger("max_attempts", 1, MAX_ATTEMPTS)
            .orElse((long) RetrySpec.DEFAULT_MAX_ATTEMPTS);
    long backoff =
        retry.optionalInteger("backoff_ms", 0, MAX_BACKOFF_MS).orElse(RetrySpec.DEFAULT_BACKOFF_MS);
    return Optional.of(new RetrySpec((int) attempts, backoff));
  }

  /**
   * {@code timeout}: an ISO-8601 duration such as {@code PT2M}, positive, at most a day (a human
   * gate's at most 30 days).
   */
  static Optional<Duration> timeout(JsonFields node, boolean humanGate) {
    Duration max = humanGate ? MAX_GATE_TIMEOUT : MAX_TIMEOUT;
    Optional<String> text = node.optionalText("timeout");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Duration timeout;
    try {
      timeout = Duration.parse(text.get());
    } catch (DateTimeParseException e) {
      node.problem("timeout", "timeout must be an ISO-8601 duration such as PT2M");
      return Optional.empty();
    }
    if (timeout.isNegative() || timeout.isZero()) {
      node.problem("timeout", "timeout must be positive");
      return Optional.empty();
    }
    if (timeout.compareTo(max) > 0) {
      node.problem("timeout", "timeout must be at most " + (humanGate ? "P30D" : "PT24H"));
      return Optional.empty();
    }
    return Optional.of(timeout);
  }
}
