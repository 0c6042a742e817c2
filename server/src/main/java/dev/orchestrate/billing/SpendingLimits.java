package dev.orchestrate.billing;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's daily and monthly spending limits: what they are, what the current day and month
 * have used of them, and whether a new execution can start. {@link Credits#reserve} enforces them.
 */
@Service
public class SpendingLimits {

  private final CreditLedger ledger;
  private final LimitGuard guard;
  private final BillingPeriods periods;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;

  SpendingLimits(
      CreditLedger ledger,
      LimitGuard guard,
      BillingPeriods periods,
      BillingProperties properties,
      ApplicationEventPublisher events) {
    this.ledger = ledger;
    this.guard = guard;
    this.periods = periods;
    this.properties = properties;
    this.events = events;
  }

  /**
   * Refuses to start work when a limit is already used up (usage of the period plus open
   * reservations at or over it): nothing the work could reserve would fit.
   *
   * @throws SpendingLimitException naming the limit and when it resets
   */
  @Transactional(readOnly = true)
  public void requireRoomToStart(UUID workspaceId) {
    guard.requireRoom(workspaceId, account(workspaceId, false));
  }

  @Transactional(readOnly = true)
  Status status(UUID workspaceId) {
    return status(workspaceId, account(workspaceId, false));
  }

  /** Sets both limits (null: none), audited with what they were. */
  @Transactional
  Status set(UUID workspaceId, BigDecimal daily, BigDecimal monthly, UUID actorId) {
    var before = account(workspaceId, true);
    ledger.setLimits(workspaceId, daily, monthly);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("daily", normalized(daily));
    details.put("monthly", normalized(monthly));
    details.put("previous_daily", normalized(before.dailyLimit()));
    details.put("previous_monthly", normalized(before.monthlyLimit()));
    events.publishEvent(
        new AuditEvent(workspaceId, actorId, "billing", "spending_limits.changed", details));
    return status(workspaceId, account(workspaceId, false));
  }

  private Status status(UUID workspaceId, CreditLedger.Account account) {
    var day = periods.day();
    var month = periods.month();
    var spent = ledger.spentSince(workspaceId, day.start(), month.start());
    return new Status(
        view(account.dailyLimit(), spent.day(), account.reserved(), day),
        view(account.monthlyLimit(), spent.month(), account.reserved(), month),
        periods.zone().getId(),
        properties.currency());
  }

  private static LimitView view(
      BigDecimal limit, BigDecimal spent, BigDecimal reserved, BillingPeriods.Period period) {
    BigDecimal remaining =
        limit == null ? null : limit.subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
    return new LimitView(
        normalized(limit),
        Money.normalize(spent),
        Money.normalize(reserved),
        normalized(remaining),
        period.start(),
        period.resetsAt());
  }

  private CreditLedger.Account account(UUID workspaceId, boolean lock) {
    return (lock ? ledger.lock(workspaceId) : ledger.read(workspaceId))
        .orElseThrow(() -> OrchestrateException.notFound("Credit account"));
  }

  private static BigDecimal normalized(BigDecimal amount) {
    return amount == null ? null : Money.normalize(amount);
  }

  /** Both limits of a workspace with what the current periods used, in the billing time zone. */
  record Status(LimitView daily, LimitView monthly, String timeZone, String currency) {}

  /**
   * One limit in its current period.
   *
   * @param limit the limit, or null for none
   * @param spent what usage charged in the period
   * @param reserved what calls in flight hold (counted against every limit until they settle)
   * @param remaining what is left to spend in the period, or null without a limit
   */
  record LimitView(
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal reserved,
      BigDecimal remaining,
      Instant periodStart,
      Instant resetsAt) {}
}
