package dev.orchestrate.engine;

import dev.orchestrate.billing.Credits;
import dev.orchestrate.database.Tenancy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives back credits reserved for model calls whose result will never be committed: a step attempt
 * that is no longer running (its instance died, or lost its lease while a call was in flight), or a
 * direct invocation whose process died. Settlements happen in the transaction that records a step,
 * so an open reservation of a finished attempt is an orphan.
 */
@Component
class StaleReservations {

  private static final Logger log = LoggerFactory.getLogger(StaleReservations.class);

  /** Longer than any one invocation may take (its timeout is at most an hour, retries included). */
  static final Duration INVOCATION_HORIZON = Duration.ofHours(2);

  /** Keys are exec:{execution}:{node}:{run}:{attempt}:…; node ids never contain ':'. */
  private static final String ATTEMPT_NOT_RUNNING =
      """
      NOT EXISTS (SELECT 1 FROM pipeline_steps s
                  WHERE s.execution_id = split_part(r.idempotency_key, ':', 2)::uuid
                    AND s.node_id = split_part(r.idempotency_key, ':', 3)
                    AND s.run = split_part(r.idempotency_key, ':', 4)::int
                    AND s.attempt = split_part(r.idempotency_key, ':', 5)::int
                    AND s.status = 'running')
      """;

  private final Credits credits;
  private final Tenancy tenancy;
  private final EngineProperties properties;

  StaleReservations(Credits credits, Tenancy tenancy, EngineProperties properties) {
    this.credits = credits;
    this.tenancy = tenancy;
    this.properties = properties;
  }

  void sweep() {
    int released =
        tenancy.inSystemTransaction(
            "release stale reservations",
            () ->
                credits.releaseStale("exec:", properties.lease(), ATTEMPT_NOT_RUNNING)
                    + credits.releaseStale("invoke:", INVOCATION_HORIZON, null));
    if (released > 0) {
      log.info("Released {} reservations whose calls will never be settled", released);
    }
  }
}
