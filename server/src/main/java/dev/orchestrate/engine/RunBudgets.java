package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A run's budget in PostgreSQL: what its nodes in flight set aside against it (on the execution,
 * each node's share also on its step). Parallel branches share one budget, so a share is taken in
 * one guarded UPDATE that re-checks what is left, never by reading first and writing after.
 */
@Repository
class RunBudgets {

  private final JdbcClient jdbc;

  /**
   * Steps this process set a share aside for and has not given back: an outcome with none (a step
   * that made no paid call) skips the release statement. A share a dead instance left is given back
   * by {@link #release} when its step starts again, whatever this set says.
   */
  private final Set<UUID> held = ConcurrentHashMap.newKeySet();

  RunBudgets(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Sets {@code amount} aside for the step when what is left of the budget (budget less spent less
   * what other nodes hold) covers it.
   *
   * @return empty when set aside; otherwise where the budget stands
   * @throws LeaseLostException when this instance no longer holds the execution
   */
  @Transactional
  Optional<Standing> reserve(Lease lease, UUID stepId, BigDecimal amount) {
    int taken =
        jdbc.sql(
                """
                UPDATE pipeline_executions SET budget_reserved = budget_reserved + ?
                WHERE id = ? AND owner = ? AND lease_epoch = ?
                  AND (budget IS NULL OR budget - total_cost - budget_reserved >= ?)
                """)
            .params(amount, lease.executionId(), lease.owner(), lease.epoch(), amount)
            .update();
    if (taken == 1) {
      held.add(stepId);
      jdbc.sql("UPDATE pipeline_steps SET budget_reserved = budget_reserved + ? WHERE id = ?")
          .params(amount, stepId)
          .update();
      return Optional.empty();
    }
    return Optional.of(
        jdbc.sql(
                """
                SELECT budget, total_cost, budget_reserved FROM pipeline_executions
                WHERE id = ? AND owner = ? AND lease_epoch = ?
                """)
            .params(lease.executionId(), lease.owner(), lease.epoch())
            .query(
                (rs, n) ->
                    new Standing(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3)))
            .optional()
            .orElseThrow(() -> new LeaseLostException(lease)));
  }

  /**
   * Gives the step's share back, inside the caller's transaction: the one that records the step's
   * outcome (its cost then counts as spent instead), or the one that starts it again after its
   * runner died holding the share.
   */
  void release(UUID stepId) {
    forgetOnCommit(stepId);
    jdbc.sql(
            """
            WITH share AS (
              SELECT id, execution_id, budget_reserved FROM pipeline_steps
              WHERE id = ? AND budget_reserved > 0 FOR UPDATE
            ), cleared AS (
              UPDATE pipeline_steps s SET budget_reserved = 0 FROM share WHERE s.id = share.id
            )
            UPDATE pipeline_executions e SET budget_reserved = e.budget_reserved - share.budget_reserved
            FROM share WHERE e.id = share.execution_id
            """)
        .param(stepId)
        .update();
  }

  /** Forgets the share once the release commits: a rolled-back release still holds it. */
  private void forgetOnCommit(UUID stepId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      held.remove(stepId);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            held.remove(stepId);
          }
        });
  }

  /** Whether the step holds a share of its run's budget (its completion gives it back). */
  boolean holds(UUID stepId) {
    return held.contains(stepId);
  }

  /** {@link #release}, skipped when this process set nothing aside for the step. */
  void releaseIfHeld(UUID stepId) {
    if (held.contains(stepId)) {
      release(stepId);
    }
  }

  /**
   * Where a run's budget stands.
   *
   * @param reserved what nodes in flight hold against it
   */
  record Standing(BigDecimal budget, BigDecimal spent, BigDecimal reserved) {

    /** Whether {@code amount} would fit once the nodes in flight have settled. */
    boolean fitsWhenSettled(BigDecimal amount) {
      return budget.subtract(spent).compareTo(amount) >= 0;
    }
  }
}
