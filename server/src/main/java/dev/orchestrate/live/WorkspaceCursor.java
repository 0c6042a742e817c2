package dev.orchestrate.live;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The workspace feed's resume point: the {@code ts} (ISO-8601) of the last event a client received.
 */
final class WorkspaceCursor {

  private WorkspaceCursor() {}

  /** The instant, or null (live events only) when absent or not an ISO-8601 instant. */
  static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
