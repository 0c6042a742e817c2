package dev.orchestrate.billing;

import dev.orchestrate.common.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/**
 * The current day and month of spending limits and usage, in the deployment's billing time zone
 * ({@code ORCHESTRATE_BILLING_TIME_ZONE}, Asia/Seoul by default): a Korean team's "today" starts at
 * midnight in Seoul, not at midnight UTC.
 */
@Component
class BillingPeriods {

  private final Clock clock;
  private final ZoneId zone;

  BillingPeriods(Clock clock, BillingProperties properties) {
    this.clock = clock;
    this.zone = properties.timeZone();
  }

  ZoneId zone() {
    return zone;
  }

  Period day() {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    return new Period(Limit.DAILY, start(today), start(today.plusDays(1)));
  }

  Period month() {
    LocalDate first = LocalDate.now(clock.withZone(zone)).withDayOfMonth(1);
    return new Period(Limit.MONTHLY, start(first), start(first.plusMonths(1)));
  }

  Period of(Limit limit) {
    return limit == Limit.DAILY ? day() : month();
  }

  /** The first instant of {@code date} in the zone (midnight, or later on a day that skips it). */
  Instant start(LocalDate date) {
    return date.atStartOfDay(zone).toInstant();
  }

  ZonedDateTime local(Instant instant) {
    return instant.atZone(zone);
  }

  /**
   * A bound of a range as a query gives it: a day (its start in the zone; for an end, {@code
   * endOfDay}, the start of the next day, so the day is included whole) or an instant with an
   * offset; null (and a problem at {@code path}) when it is neither.
   */
  Instant bound(String text, String path, boolean endOfDay, Validation v) {
    try {
      LocalDate day = LocalDate.parse(text);
      return start(endOfDay ? day.plusDays(1) : day);
    } catch (DateTimeParseException notADay) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notAnInstant) {
        v.add(
            path, "must be a day (2026-03-01) or an instant with an offset (2026-03-01T00:00:00Z)");
        return null;
      }
    }
  }

  /** One day or month: from its start up to (not including) when the next one starts. */
  record Period(Limit limit, Instant start, Instant resetsAt) {}

  /** The two limits a workspace may set. */
  enum Limit {
    DAILY("daily", "today"),
    MONTHLY("monthly", "this month");

    private final String wire;
    private final String current;

    Limit(String wire, String current) {
      this.wire = wire;
      this.current = current;
    }

    String wire() {
      return wire;
    }

    /** The period in words: "today", "this month". */
    String current() {
      return current;
    }
  }
}
