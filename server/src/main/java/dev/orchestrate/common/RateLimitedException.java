package dev.orchestrate.common;

import java.time.Duration;

/** Too many attempts; the caller may try again after {@link #retryAfter()}. */
public class RateLimitedException extends OrchestrateException {

  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(ErrorKind.RATE_LIMITED, message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
