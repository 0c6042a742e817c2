package dev.orchestrate.billing;

import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workspace's daily or monthly spending limit does not cover an amount. A kind of {@link
 * InsufficientCreditsException} (402, {@code insufficient_credits}), so every caller that stops on
 * missing credits stops here too; the answer names the limit and when it resets.
 */
public class SpendingLimitException extends InsufficientCreditsException {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final String limit;
  private final BigDecimal limitAmount;
  private final Instant resetsAt;

  SpendingLimitException(
      BillingPeriods.Limit limit,
      BigDecimal limitAmount,
      BigDecimal spent,
      BigDecimal reserved,
      BigDecimal required,
      ZonedDateTime resetsAt) {
    super(
        Money.normalize(limitAmount.subtract(spent).subtract(reserved).max(BigDecimal.ZERO)),
        Money.normalize(required),
        message(limit, limitAmount, spent, reserved, required, resetsAt));
    this.limit = limit.wire();
    this.limitAmount = Money.normalize(limitAmount);
    this.resetsAt = resetsAt.toInstant();
  }

  /** {@code daily} or {@code monthly}. */
  public String limit() {
    return limit;
  }

  public BigDecimal limitAmount() {
    return limitAmount;
  }

  public Instant resetsAt() {
    return resetsAt;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("limit", limit);
    properties.put("limit_amount", limitAmount);
    properties.put("resets_at", resetsAt.toString());
    return properties;
  }

  private static String message(
      BillingPeriods.Limit limit,
      BigDecimal limitAmount,
      BigDecimal spent,
      BigDecimal reserved,
      BigDecimal required,
      ZonedDateTime resetsAt) {
    String reached =
        required.signum() == 0
            ? "is reached"
            : "would be passed by " + plain(required) + " more credits";
    String when =
        (limit == BillingPeriods.Limit.DAILY ? "at midnight" : "on the 1st at midnight")
            + " ("
            + resetsAt.getZone().getId()
            + ", "
            + WHEN.format(resetsAt)
            + ")";
    return "The workspace's %s spending limit of %s credits %s: %s spent and %s held for calls in flight %s. It resets %s."
        .formatted(
            limit.wire(),
            plain(limitAmount),
            reached,
            plain(spent),
            plain(reserved),
            limit.current(),
            when);
  }

  private static String plain(BigDecimal amount) {
    return Money.normalize(amount).toPlainString();
  }
}
