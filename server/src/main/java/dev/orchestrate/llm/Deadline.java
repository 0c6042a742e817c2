package dev.orchestrate.llm;

import java.time.Duration;

/** The moment a call must be over, on the monotonic clock. */
record Deadline(long endNanos) {

  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  boolean passed() {
    return endNanos - System.nanoTime() <= 0;
  }
}
