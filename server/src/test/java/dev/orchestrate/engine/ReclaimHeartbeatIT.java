package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An instance that claims an execution again while its own previous runner of it is still finishing
 * (that runner's lease expired during a stall) keeps heartbeating the new lease after the old
 * runner ends: the old runner's bookkeeping must not take the new lease's with it.
 */
class ReclaimHeartbeatIT extends ServiceTest {

  private final Tenancy tenancy;
  private final Engine engine;
  private final EngineProperties properties;

  @Autowired
  ReclaimHeartbeatIT(Tenancy tenancy, Engine engine, EngineProperties properties) {
    this.tenancy = tenancy;
    this.engine = engine;
    this.properties = properties;
  }

  @Test
  void aLeaseClaimedAgainWhileTheOldRunnerFinishesStaysHeartbeated() {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = UUID.randomUUID().toString();
    var oldReply = new CountDownLatch(1);
    var newReply = new CountDownLatch(1);
    Marked model =
        providers
            .anthropic()
            .when(marker)
            .reply(
                Reply.fromRequest(body -> answerAfter(oldReply, "늦은 답")),
                Reply.fromRequest(body -> answerAfter(newReply, "새 답")));
    try {
      executions.agent("stalled", marker);
      String pipeline =
          executions.pipeline(
              """
              {'entry_point': 'think', 'nodes': [
                 {'id': 'think', 'type': 'agent_call', 'label': 'Think', 'agent_slug': 'stalled'}],
               'edges': []}
              """);
      UUID id = UUID.fromString(executions.start(pipeline, Map.of("topic", "leases")));
      await().atMost(Executions.WAIT).until(() -> model.requests().size() == 1);
      assertThat(executions.lease(id).epoch()).isEqualTo(1);

      // The first runner stalls in its model call past its lease, and this instance's claim takes
      // the execution before its heartbeat renews the lease (when the heartbeat comes first it
      // renews the expired lease; expire it again until the claim wins).
      await()
          .atMost(Executions.WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                expireLease(id, 1);
                engine.wake();
                return executions.lease(id).epoch() == 2;
              });
      // The second runner resumes the interrupted step with a call of its own.
      await().atMost(Executions.WAIT).until(() -> model.requests().size() == 2);

      // The first runner gets its answer, finds its lease gone and ends, while the second one
      // still waits for its model: the second lease must keep being renewed, not be claimed again.
      oldReply.countDown();
      Instant oldRunnerReleased = executions.databaseNow();
      Instant threeLeasesLater = oldRunnerReleased.plus(properties.lease().multipliedBy(3));
      await()
          .atMost(properties.lease().multipliedBy(6))
          .pollInterval(Duration.ofMillis(200))
          .failFast(
              "the execution was claimed again: its lease was no longer heartbeated",
              () -> executions.lease(id).epoch() != 2)
          .until(
              () -> {
                Instant until = executions.lease(id).until();
                return until != null && until.isAfter(threeLeasesLater);
              });

      newReply.countDown();
      var ended = executions.awaitStatus(id.toString(), "completed");
      assertThat(Executions.step(ended, "think").path("output").toString()).contains("새 답");
      assertThat(model.requests()).as("model calls").hasSize(2);
      assertThat(executions.lease(id).epoch()).isEqualTo(2);
    } finally {
      // A failed run must not leave the shared fake provider's threads waiting for good.
      oldReply.countDown();
      newReply.countDown();
    }
  }

  private static Reply answerAfter(CountDownLatch released, String text) {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Reply.text(text);
  }

  private void expireLease(UUID id, long epoch) {
    tenancy.inSystemTransaction(
        "test expires a lease",
        () ->
            jdbc.sql(
                    """
                    UPDATE pipeline_executions SET lease_until = now() - interval '1 second'
                    WHERE id = ? AND lease_epoch = ?
                    """)
                .params(id, epoch)
                .update());
  }
}
