package dev.orchestrate.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * Why one attempt failed, classified for the retry policy. Its message is shown to people, so
 * adapters build it from the provider's answer with the key removed.
 */
final class AttemptFailure extends Exception {

  private final boolean retryable;
  private final int httpStatus;
  private final Duration retryAfter;
  private final Usage usage;

  private AttemptFailure(
      boolean retryable,
      int httpStatus,
      Duration retryAfter,
      Usage usage,
      String message,
      Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.usage = usage == null ? Usage.NONE : usage;
  }

  /** A fault another attempt may not have (429, 5xx, overload, a dropped connection). */
  static AttemptFailure transientFault(
      String message, int httpStatus, Optional<Duration> retryAfter, Usage usage, Throwable cause) {
    return new AttemptFailure(true, httpStatus, retryAfter.orElse(null), usage, message, cause);
  }

  /** A fault every attempt would have (bad request, bad key, unknown model). */
  static AttemptFailure permanent(String message, int httpStatus, Usage usage, Throwable cause) {
    return new AttemptFailure(false, httpStatus, null, usage, message, cause);
  }

  boolean retryable() {
    return retryable;
  }

  /** The provider's HTTP status, or 0 when there was none. */
  int httpStatus() {
    return httpStatus;
  }

  /** How long the provider asked us to wait, if it did. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** What the provider reported for this attempt before it failed (still billed). */
  Usage usage() {
    return usage;
  }
}
