package dev.orchestrate.auth;

import dev.orchestrate.common.RateLimitedException;
import dev.orchestrate.database.Tenancy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in PostgreSQL, so every instance of the service counts the same attempts.
 * Keys are hashed: the table never holds an email address.
 */
@Component
class RateLimiter {

  private final JdbcClient jdbc;
  private final Tenancy tenancy;

  RateLimiter(JdbcClient jdbc, Tenancy tenancy) {
    this.jdbc = jdbc;
    this.tenancy = tenancy;
  }

  /** Fails with 429 when {@code key} has used up {@code limit} hits in the current window. */
  void requireBelow(String key, int limit, Duration window, String message) {
    Window current =
        tenancy.inSystemTransaction(
            "rate limit",
            () ->
                jdbc.sql(
                        """
                        SELECT hits, window_start FROM rate_limit_windows
                        WHERE key = ? AND window_start > now() - make_interval(secs => ?)
                        """)
                    .params(digest(key), window.toSeconds())
                    .query((rs, n) -> new Window(rs.getInt(1), rs.getTimestamp(2).toInstant()))
                    .optional()
                    .orElse(null));
    if (current != null && current.hits() >= limit) {
      Duration retryAfter = Duration.between(Instant.now(), current.start().plus(window));
      throw new RateLimitedException(
          message, retryAfter.isNegative() ? Duration.ofSeconds(1) : retryAfter);
    }
  }

  /** Counts one hit against {@code key}, starting a new window when the last one is over. */
  void hit(String key, Duration window) {
    tenancy.inSystemTransaction(
        "rate limit",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO rate_limit_windows AS w (key, window_start, hits) VALUES (?, now(), 1)
                    ON CONFLICT (key) DO UPDATE SET
                      hits = CASE WHEN w.window_start <= now() - make_interval(secs => ?)
                                  THEN 1 ELSE w.hits + 1 END,
                      window_start = CASE WHEN w.window_start <= now() - make_interval(secs => ?)
                                          THEN now() ELSE w.window_start END
                    """)
                .params(digest(key), window.toSeconds(), window.toSeconds())
                .update());
  }

  void reset(String key) {
    tenancy.inSystemTransaction(
        "rate limit",
        () -> jdbc.sql("DELETE FROM rate_limit_windows WHERE key = ?").param(digest(key)).update());
  }

  private static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Window(int hits, Instant start) {}
}
