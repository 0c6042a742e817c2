package dev.orchestrate.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how long a provider asked us to wait: {@code retry-after-ms} (OpenAI), else {@code
 * Retry-After} in seconds or as an HTTP date.
 */
final class RetryAfter {

  private RetryAfter() {}

  /**
   * @param header the values of a response header, by (case-insensitive) name
   */
  static Optional<Duration> from(Function<String, List<String>> header, Clock clock) {
    Optional<Duration> millis = first(header, "retry-after-ms").flatMap(v -> seconds(v, 0.001));
    return millis.isPresent()
        ? millis
        : first(header, "retry-after").flatMap(v -> seconds(v, 1).or(() -> date(v, clock)));
  }

  private static Optional<String> first(Function<String, List<String>> header, String name) {
    List<String> values = header.apply(name);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.of(values.getFirst().strip());
  }

  private static Optional<Duration> seconds(String value, double unitSeconds) {
    try {
      double amount = Double.parseDouble(value) * unitSeconds;
      return amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)
          ? Optional.empty()
          : Optional.of(Duration.ofMillis(Math.round(amount * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> date(String value, Clock clock) {
    try {
      var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
