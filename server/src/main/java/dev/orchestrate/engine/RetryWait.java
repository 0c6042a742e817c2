package dev.orchestrate.engine;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.pipeline.graph.RetrySpec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The wait between a node's attempts: exponential from the policy's backoff, cut by a cancel. */
final class RetryWait {

  private RetryWait() {}

  /**
   * The wait before try {@code tries + 1}: doubling from the policy's backoff, at most a minute.
   */
  static Duration backoff(RetrySpec retry, int tries) {
    long ms = retry.backoffMs() * (1L << Math.min(tries - 1, 10));
    return Duration.ofMillis(Math.min(ms, 60_000));
  }

  /** Waits before the next attempt; false when the execution was cancelled meanwhile. */
  static boolean pause(Duration wait, CallControl execution) {
    var cancelled = new CountDownLatch(1);
    execution.onCancel(cancelled::countDown);
    try {
      return !cancelled.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
