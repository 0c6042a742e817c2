package dev.orchestrate.mcp;

import java.time.Duration;

/**
 * Why a live client could not do what it was asked, in words a person can act on (secret values
 * already masked). {@link #isTransient()} says whether the same request may succeed later.
 */
final class ClientFailure extends RuntimeException {

  enum Kind {
    /** The server did not answer in time. */
    TIMEOUT,
    /** The caller gave up (its execution was cancelled or its step timed out). */
    CANCELLED,
    /** The server could not be started or reached, or went away. */
    UNREACHABLE,
    /** The server answered with a protocol error of its own. */
    SERVER_ERROR,
    /** The connection's definition or the deployment's policy forbids it; nothing was started. */
    REFUSED
  }

  private final Kind kind;
  private final boolean transientFailure;

  ClientFailure(Kind kind, String message, boolean transientFailure) {
    super(message, null, false, false);
    this.kind = kind;
    this.transientFailure = transientFailure;
  }

  static ClientFailure timeout(String what, Duration timeout) {
    return new ClientFailure(Kind.TIMEOUT, what + " did not answer within " + timeout, true);
  }

  static ClientFailure cancelled() {
    return new ClientFailure(Kind.CANCELLED, "the call was cancelled", false);
  }

  static ClientFailure unreachable(String message) {
    return new ClientFailure(Kind.UNREACHABLE, message, true);
  }

  static ClientFailure serverError(String message) {
    return new ClientFailure(Kind.SERVER_ERROR, message, false);
  }

  static ClientFailure refused(String message) {
    return new ClientFailure(Kind.REFUSED, message, false);
  }

  Kind kind() {
    return kind;
  }

  boolean isTransient() {
    return transientFailure;
  }
}
