package dev.orchestrate.llm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Retries transient failures up to {@code maxAttempts}, waiting {@code initial × 2ⁿ} with equal
 * jitter (half fixed, half random, so callers that failed together spread out without ever retrying
 * at once), at least the provider's {@code Retry-After}, at most {@code max}. Gives up when the
 * wait would not leave the next attempt any time before the deadline.
 */
record ExponentialBackoff(int maxAttempts, Duration initial, Duration max, DoubleSupplier random)
    implements RetryPolicy {

  static ExponentialBackoff of(LlmProperties.Retry retry) {
    return new ExponentialBackoff(
        retry.maxAttempts(),
        retry.initialBackoff(),
        retry.maxBackoff(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public Optional<Duration> delayBefore(
      int nextAttempt, AttemptFailure failure, Duration remaining) {
    if (!failure.retryable() || nextAttempt > maxAttempts) {
      return Optional.empty();
    }
    long base = initial.toMillis() << Math.min(nextAttempt - 2, 20);
    long capped = Math.min(base, max.toMillis());
    long jittered = capped / 2 + Math.round(capped / 2.0 * random.getAsDouble());
    long asked = failure.retryAfter().map(Duration::toMillis).orElse(0L);
    Duration delay = Duration.ofMillis(Math.min(Math.max(jittered, asked), max.toMillis()));
    return delay.compareTo(remaining) < 0 ? Optional.of(delay) : Optional.empty();
  }
}
