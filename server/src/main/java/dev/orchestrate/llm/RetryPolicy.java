package dev.orchestrate.llm;

import java.time.Duration;
import java.util.Optional;

/** Decides whether a failed attempt is tried again, and after how long. */
interface RetryPolicy {

  /**
   * The wait before attempt number {@code nextAttempt} (2 for the first retry), or empty to give
   * up.
   *
   * @param failure why the previous attempt failed
   * @param remaining what is left of the call's deadline
   */
  Optional<Duration> delayBefore(int nextAttempt, AttemptFailure failure, Duration remaining);
}
