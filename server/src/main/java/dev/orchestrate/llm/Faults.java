package dev.orchestrate.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What both providers' failures have in common: which statuses are transient, what a fault says.
 */
final class Faults {

  private Faults() {}

  /**
   * Timeouts, conflicts, rate limits and server faults (529 overloaded among them) may pass; bad
   * requests, keys, permissions and unknown models will not.
   */
  static boolean transientStatus(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /**
   * Stops an attempt abandoned while it was getting ready (the first call loads many SDK classes):
   * sent late, its request would still cost money, and nobody would read the answer.
   */
  static void stopIfCancelled(CallControl control) throws AttemptFailure {
    if (control.cancelled()) {
      throw AttemptFailure.permanent(
          "The attempt was abandoned before it was sent", 0, Usage.NONE, null);
    }
  }

  /** Whether {@code e} is, or wraps, a connection fault (refused, reset, cut mid-stream). */
  static boolean isConnectionFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  static AttemptFailure connection(String provider, Throwable e, String key, Usage usage) {
    // The SDKs wrap the socket's own words ("unexpected end of stream") in their generic ones.
    String detail = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        detail = t.getMessage();
      }
    }
    return AttemptFailure.transientFault(
        Secrets.redact("Connection to " + provider + " failed: " + detail, key),
        0,
        Optional.empty(),
        usage,
        e);
  }

  /** Something the SDK could not read or we did not expect: another attempt will not help. */
  static AttemptFailure unexpected(String provider, Throwable e, String key, Usage usage) {
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
    return AttemptFailure.permanent(
        Secrets.redact(
            provider + " call failed (" + e.getClass().getSimpleName() + detail + ")", key),
        0,
        usage,
        null);
  }

  /** "Anthropic returned HTTP 429 (rate_limit_error): slow down". */
  static String statusMessage(String provider, int status, Optional<String> type, String detail) {
    StringBuilder message = new StringBuilder(provider).append(" returned HTTP ").append(status);
    type.filter(t -> !t.isBlank()).ifPresent(t -> message.append(" (").append(t).append(')'));
    if (detail != null && !detail.isBlank()) {
      message.append(": ").append(detail.strip());
    }
    return message.toString();
  }
}
