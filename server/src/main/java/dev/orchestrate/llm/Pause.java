package dev.orchestrate.llm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The wait between attempts, which a cancel cuts short. */
final class Pause {

  private Pause() {}

  /**
   * Waits {@code delay}; false as soon as {@code control} is cancelled (or the thread interrupted).
   */
  static boolean unlessCancelled(Duration delay, CallControl control) {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    control.onCancel(() -> cancelled.complete(null));
    try {
      cancelled.get(delay.toNanos(), TimeUnit.NANOSECONDS);
      return false;
    } catch (TimeoutException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}
