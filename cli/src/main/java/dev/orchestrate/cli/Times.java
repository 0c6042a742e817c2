package dev.orchestrate.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The service's UTC timestamps in the user's time zone, to the minute. */
final class Times {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private Times() {}

  static String local(String iso) {
    if (iso == null || iso.isEmpty()) {
      return "";
    }
    try {
      return LOCAL.format(Instant.parse(iso).atZone(ZoneId.systemDefault()));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
