package dev.orchestrate.engine;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A runner that stalled past its lease and wakes up while the instance that took the execution over
 * is in the middle of a paid call: it must not give that call's reservation back, or the call
 * settles as 0 and is never paid for.
 */
class StalledRunnerReservationIT extends ServiceTest {

  private static final String GRAPH =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'writer',
          'prompt': 'Write'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'write'}, {'from': 'write', 'to': 'done'}]}
      """;

  @Autowired private Tenancy tenancy;
  @Autowired private ExecutionRunner runner;

  @Test
  void aStalledRunnerLeavesTheNewOwnersReservationOpenAndTheCallIsPaidInFull() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("writer", marker);
    // The new owner's call stays in flight (reserved, not settled) until the test lets it answer.
    var answer = new CountDownLatch(1);
    Marked writer =
        providers
            .anthropic()
            .when(marker)
            .otherwise(
                Reply.fromRequest(
                    body -> {
                      awaitQuietly(answer);
                      return Reply.text("ok", usage(10, 256));
                    }));
    UUID pipelineId = UUID.fromString(executions.pipeline(GRAPH));
    UUID ws = executions.user().workspaceId();
    // The run as a runner that stalled left it: running, under its lease (epoch 1) that ran out.
    UUID id =
        tenancy.inSystemTransaction(
            "test leaves a run to a stalled runner",
            () ->
                jdbc.sql(
                        """
                        INSERT INTO pipeline_executions (workspace_id, pipeline_id, pipeline_version,
                               status, input, started_by, owner, lease_epoch, lease_until, started_at)
                        VALUES (?, ?, 1, 'running', '{}', ?, 'stalled', 1,
                                now() - interval '1 minute', now())
                        RETURNING id
                        """)
                    .params(ws, pipelineId, executions.user().userId())
                    .query(UUID.class)
                    .single());
    Lease stalled = new Lease(id, ws, "stalled", 1);

    await("this instance took the run over and its call is in flight")
        .atMost(Executions.WAIT)
        .until(() -> writer.requests().size() == 1);
    assertThat(lease(id)).as("taken over").isNotEqualTo(List.of("stalled", "1"));
    assertThat(openReservations(id)).as("the new owner's reservation").hasSize(1);

    // The stalled runner wakes up: it reads the new owner's attempt as running and would release
    // its credits before running the step again.
    runner.run(stalled, new CallControl());

    assertThat(openReservations(id)).as("the new owner's reservation, still open").hasSize(1);
    answer.countDown();
    JsonNode done = executions.awaitStatus(id.toString(), "completed");
    assertThat(executions.usageCharges(id.toString()))
        .as("the call, charged once at its real cost")
        .singleElement()
        .satisfies(
            charge ->
                assertThat(charge.get("amount").decimalValue())
                    .isEqualByComparingTo(BudgetsIT.CALL.negate()));
    assertThat(done.get("total_cost").decimalValue()).isEqualByComparingTo(BudgetsIT.CALL);
    assertThat(openReservations(id)).isEmpty();
  }

  /** The lease on the execution's row, as owner and epoch. */
  private List<String> lease(UUID id) {
    return tenancy.inSystemTransaction(
        "test reads the lease",
        () ->
            jdbc.sql("SELECT owner, lease_epoch FROM pipeline_executions WHERE id = ?")
                .param(id)
                .query((rs, n) -> List.of(String.valueOf(rs.getString(1)), rs.getString(2)))
                .single());
  }

  /** The keys of the execution's reservations that are neither settled nor released. */
  private List<String> openReservations(UUID id) {
    return tenancy.inSystemTransaction(
        "test reads open reservations",
        () ->
            jdbc.sql(
                    """
                    SELECT r.idempotency_key FROM credit_ledger r
                    WHERE r.type = 'reservation' AND starts_with(r.idempotency_key, ?)
                      AND NOT EXISTS (SELECT 1 FROM credit_ledger x
                                      WHERE x.reservation_id = r.id AND x.type = 'release')
                    """)
                .param("exec:" + id + ":")
                .query(String.class)
                .list());
  }

  /** Bounded, so that a failing test never holds the fake provider's thread for good. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
