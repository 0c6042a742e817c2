package dev.orchestrate.pipeline.graph;

/** A node's own retry policy: how many attempts in all, and the first backoff between them. */
public record RetrySpec(int maxAttempts, long backoffMs) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_BACKOFF_MS = 1_000;
}
