package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Admits a paid node to run its calls: sets the most they may cost aside in the run's budget first,
 * so that a node never stops halfway through its tool rounds for want of budget, and parallel
 * branches together never pass it.
 */
@Component
class NodeBudgets {

  /** How often a node whose maximum fits once other branches settle looks again. */
  static final Duration RECHECK = Duration.ofMillis(100);

  private final RunBudgets budgets;

  NodeBudgets(RunBudgets budgets) {
    this.budgets = budgets;
  }

  /**
   * Sets {@code needed} aside for the node's calls. While other branches hold parts of the budget
   * and the node would fit once they settle, it waits for them: only a run that truly ran short
   * stops for a person.
   */
  Admission admit(NodeContext ctx, BigDecimal needed) {
    if (ctx.budget() == null || needed.signum() == 0) {
      return new Admission.Admitted(BudgetHold.UNLIMITED);
    }
    var cancelled = new CountDownLatch(1);
    ctx.control().onCancel(cancelled::countDown);
    while (true) {
      var standing = budgets.reserve(ctx.lease(), ctx.stepId(), needed);
      if (standing.isEmpty()) {
        return new Admission.Admitted(new BudgetHold(budgets, ctx.lease(), ctx.stepId(), needed));
      }
      var now = standing.get();
      if (now.reserved().signum() == 0 || !now.fitsWhenSettled(needed)) {
        return new Admission.Short(new Outcome.OverBudget(now.spent(), now.budget(), needed));
      }
      if (!pause(cancelled)) {
        return new Admission.Stopped();
      }
    }
  }

  /** Waits before looking again; false when the attempt was cancelled meanwhile. */
  private static boolean pause(CountDownLatch cancelled) {
    try {
      return !cancelled.await(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the node may start its calls. */
  sealed interface Admission {

    /** Its maximum is set aside; {@code hold} counts its calls against it. */
    record Admitted(BudgetHold hold) implements Admission {}

    /** What is left of the budget does not cover it, even once other branches settle. */
    record Short(Outcome.OverBudget over) implements Admission {}

    /** The attempt was cancelled (or timed out) while it waited for other branches. */
    record Stopped() implements Admission {}
  }
}
