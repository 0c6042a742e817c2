package dev.orchestrate.engine;

import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A node's share of its run's budget while its calls run, shared by its agents. Each call counts
 * its maximum against the share until it ends, then what it really cost. A later tool round sends a
 * longer prompt than the first, so its maximum may pass what is left of the share: the share then
 * grows by the difference, if the budget has it; if not, the node stops rather than overspend.
 */
final class BudgetHold {

  /** A run without a budget: nothing to count. */
  static final BudgetHold UNLIMITED = new BudgetHold(null, null, null, BigDecimal.ZERO);

  private final RunBudgets budgets;
  private final Lease lease;
  private final UUID stepId;
  private BigDecimal held;
  private BigDecimal committed = BigDecimal.ZERO;

  BudgetHold(RunBudgets budgets, Lease lease, UUID stepId, BigDecimal held) {
    this.budgets = budgets;
    this.lease = lease;
    this.stepId = stepId;
    this.held = held;
  }

  /** Whether calls must be counted (and so their maximum computed). */
  boolean limited() {
    return budgets != null;
  }

  /**
   * Counts a call that may cost up to {@code max} before it starts.
   *
   * @throws BudgetExhaustedException when neither the share nor the budget covers it
   */
  synchronized void before(BigDecimal max) {
    if (!limited()) {
      return;
    }
    BigDecimal missing = committed.add(max).subtract(held);
    if (missing.signum() > 0) {
      var standing = budgets.reserve(lease, stepId, missing);
      if (standing.isPresent()) {
        throw new BudgetExhaustedException(standing.get(), missing);
      }
      held = held.add(missing);
    }
    committed = committed.add(max);
  }

  /** The call that was counted at {@code max} ended having cost {@code actual}. */
  synchronized void after(BigDecimal max, BigDecimal actual) {
    if (limited()) {
      committed = committed.subtract(max).add(actual);
    }
  }

  /** A later call of a node would pass what is left of its run's budget. */
  static final class BudgetExhaustedException extends RuntimeException {

    BudgetExhaustedException(RunBudgets.Standing standing, BigDecimal missing) {
      super(
          "A later call of the step needs %s credits more than it set aside; the run has spent %s of its budget of %s and the rest is held by other steps."
              .formatted(
                  Money.normalize(missing).toPlainString(),
                  Money.normalize(standing.spent()).toPlainString(),
                  Money.normalize(standing.budget()).toPlainString()));
    }
  }
}
