package dev.orchestrate.billing;

import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Holds spending to a workspace's daily and monthly limits. Counts what usage settled in the period
 * plus every open reservation (calls in flight may settle in this period), so with the account row
 * locked by the caller, concurrent reservations can never together pass a limit.
 */
@Component
class LimitGuard {

  private final CreditLedger ledger;
  private final BillingPeriods periods;

  LimitGuard(CreditLedger ledger, BillingPeriods periods) {
    this.ledger = ledger;
    this.periods = periods;
  }

  /**
   * Refuses {@code amount} more when a limit would not cover it (nothing is refused a call that
   * costs nothing).
   *
   * @throws SpendingLimitException naming the first limit that does not cover it
   */
  void admit(UUID workspaceId, CreditLedger.Account account, BigDecimal amount) {
    if (amount.signum() > 0) {
      check(workspaceId, account, amount);
    }
  }

  /**
   * Refuses when a limit is already used up: work that starts now could not reserve anything.
   *
   * @throws SpendingLimitException naming the first limit used up
   */
  void requireRoom(UUID workspaceId, CreditLedger.Account account) {
    check(workspaceId, account, BigDecimal.ZERO);
  }

  private void check(UUID workspaceId, CreditLedger.Account account, BigDecimal amount) {
    if (account.dailyLimit() == null && account.monthlyLimit() == null) {
      return;
    }
    var day = periods.day();
    var month = periods.month();
    var spent = ledger.spentSince(workspaceId, day.start(), month.start());
    check(day, account.dailyLimit(), spent.day(), account.reserved(), amount);
    check(month, account.monthlyLimit(), spent.month(), account.reserved(), amount);
  }

  /**
   * The most a reservation may be settled for under the limits: at least what it reserved (admitted
   * already), more only as far as the limits still have room; null when there are no limits.
   */
  BigDecimal coverable(UUID workspaceId, CreditLedger.Account account, Reservation reservation) {
    if (account.dailyLimit() == null && account.monthlyLimit() == null) {
      return null;
    }
    var day = periods.day();
    var month = periods.month();
    var spent = ledger.spentSince(workspaceId, day.start(), month.start());
    BigDecimal others = account.reserved().subtract(reservation.amount());
    BigDecimal room = null;
    if (account.dailyLimit() != null) {
      room = account.dailyLimit().subtract(spent.day()).subtract(others);
    }
    if (account.monthlyLimit() != null) {
      BigDecimal monthly = account.monthlyLimit().subtract(spent.month()).subtract(others);
      room = room == null ? monthly : room.min(monthly);
    }
    return room.max(reservation.amount());
  }

  private void check(
      BillingPeriods.Period period,
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal reserved,
      BigDecimal amount) {
    if (limit == null) {
      return;
    }
    BigDecimal used = spent.add(reserved);
    boolean refused =
        amount.signum() == 0 ? used.compareTo(limit) >= 0 : used.add(amount).compareTo(limit) > 0;
    if (refused) {
      throw new SpendingLimitException(
          period.limit(), limit, spent, reserved, amount, periods.local(period.resetsAt()));
    }
  }
}
