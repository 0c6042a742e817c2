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
import org.springframework.test.context.TestPropertySource;

/**
 * The engine's slots stay full without waiting for its claim loop: a finishing runner hands its
 * slot to the next queued execution of its workspace, and heartbeats go on while a claim waits. The
 * claim loop is held waiting for another workspace's claim lock, taken here, and it never polls on
 * its own (the poll interval is an hour).
 */
@TestPropertySource(
    properties = {
      "orchestrate.engine.max-running-per-workspace=1",
      "orchestrate.engine.poll-interval=1h",
      "orchestrate.engine.lease=3s",
      "orchestrate.engine.heartbeat=200ms"
    })
class EngineSlotsIT extends ServiceTest {

  private static final String GRAPH =
      """
      {'entry_point': 'think', 'nodes': [
         {'id': 'think', 'type': 'agent_call', 'label': 'Think', 'agent_slug': 'slots'}],
       'edges': []}
      """;

  private final Tenancy tenancy;
  private final Engine engine;
  private final EngineProperties properties;

  @Autowired
  EngineSlotsIT(Tenancy tenancy, Engine engine, EngineProperties properties) {
    this.tenancy = tenancy;
    this.engine = engine;
    this.properties = properties;
  }

  @Test
  void aFinishingRunnerTakesTheNextQueuedExecutionOfItsWorkspace() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = UUID.randomUUID().toString();
    var firstReply = new CountDownLatch(1);
    Marked model =
        providers
            .anthropic()
            .when(marker)
            .reply(Reply.fromRequest(body -> answerAfter(firstReply, "먼저")))
            .otherwise(Reply.text("다음"));
    try (var claimLoop = new HeldClaimLock()) {
      executions.agent("slots", marker);
      String pipeline = executions.pipeline(GRAPH);
      String first = executions.start(pipeline, Map.of("n", 1));
      await().atMost(Executions.WAIT).until(() -> model.requests().size() == 1);
      String second = executions.start(pipeline, Map.of("n", 2));
      // The workspace is at its cap of one: the second waits, and no claim may take it from here
      // on.
      claimLoop.hold();
      assertThat(executions.get(second).get("status").asString()).isEqualTo("queued");

      firstReply.countDown();
      executions.awaitStatus(first, "completed");
      var ended = executions.awaitStatus(second, "completed");
      assertThat(Executions.step(ended, "think").path("output").toString()).contains("다음");
      assertThat(claimLoop.claimWaiting()).as("the claim loop still waits for its lock").isTrue();
    } finally {
      firstReply.countDown();
    }
  }

  /**
   * The approve request claims the run it requeues, in its own transaction, and this instance runs
   * it after the commit: the gate's successor starts while the claim loop cannot claim anything.
   */
  @Test
  void anApprovedParkedRunGoesOnWithoutTheClaimLoop() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'gate', 'nodes': [
                   {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
                   {'id': 'after', 'type': 'validation', 'label': 'After'}],
                 'edges': [{'from': 'gate', 'to': 'after'}]}
                """),
            Map.of("n", 1));
    executions.awaitStatus(id, "awaiting_approval");
    try (var claimLoop = new HeldClaimLock()) {
      claimLoop.hold();
      var approved = executions.approve(id, "gate");
      assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
      var ended = executions.awaitStatus(id, "completed");
      assertThat(Executions.step(ended, "after").path("status").asString()).isEqualTo("completed");
      assertThat(claimLoop.claimWaiting()).as("the claim loop still waits for its lock").isTrue();
    }
  }

  @Test
  void heartbeatsGoOnWhileAClaimWaits() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = UUID.randomUUID().toString();
    var reply = new CountDownLatch(1);
    Marked model =
        providers
            .anthropic()
            .when(marker)
            .reply(Reply.fromRequest(body -> answerAfter(reply, "끝")));
    try (var claimLoop = new HeldClaimLock()) {
      executions.agent("slots", marker);
      String id = executions.start(executions.pipeline(GRAPH), Map.of("n", 1));
      await().atMost(Executions.WAIT).until(() -> model.requests().size() == 1);
      long epoch = executions.lease(id).epoch();

      claimLoop.hold();
      Instant blocked = executions.databaseNow();
      Instant threeLeasesLater = blocked.plus(properties.lease().multipliedBy(3));
      await()
          .atMost(properties.lease().multipliedBy(6))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the lease was lost", () -> executions.lease(id).epoch() != epoch)
          .until(
              () -> {
                Instant until = executions.lease(id).until();
                return until != null && until.isAfter(threeLeasesLater);
              });
      assertThat(claimLoop.claimWaiting()).as("the claim loop still waits for its lock").isTrue();

      reply.countDown();
      executions.awaitStatus(id, "completed");
      assertThat(executions.lease(id).epoch()).isEqualTo(epoch);
    } finally {
      reply.countDown();
    }
  }

  /**
   * Keeps the claim loop waiting: holds the claim lock of another workspace in a transaction of its
   * own thread, then starts an execution there, which the woken claim loop waits to lock.
   */
  private final class HeldClaimLock implements AutoCloseable {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread holder;
    private UUID workspace;

    void hold() {
      var other = new Executions(api, api.signUp(), tenancy, jdbc);
      workspace = other.user().workspaceId();
      String pipeline =
          other.pipeline(
              """
              {'entry_point': 'out', 'nodes': [
                 {'id': 'out', 'type': 'finalize', 'label': 'Out'}],
               'edges': []}
              """);
      holder =
          Thread.ofVirtual()
              .start(
                  () ->
                      tenancy.inSystemTransaction(
                          "test holds a workspace's claim lock",
                          () -> {
                            jdbc.sql(
                                    """
                                    SELECT 1 FROM pg_advisory_xact_lock(hashtext(?),
                                                                        hashtext(CAST(? AS text)))
                                    """)
                                .params(Claims.CLAIM_LOCK, workspace)
                                .query(Integer.class)
                                .single();
                            held.countDown();
                            awaitQuietly(release);
                            return null;
                          }));
      awaitQuietly(held);
      other.start(pipeline, Map.of("n", 0));
      await().atMost(Executions.WAIT).until(this::claimWaiting);
    }

    /** Whether a claim waits for the held lock now. */
    boolean claimWaiting() {
      return tenancy.inSystemTransaction(
          "test looks for a waiting claim",
          () ->
              jdbc.sql(
                          """
                      SELECT count(*) FROM pg_locks
                      WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
                        AND classid = hashtext(?)::oid AND objid = hashtext(CAST(? AS text))::oid
                      """)
                      .params(Claims.CLAIM_LOCK, workspace)
                      .query(Long.class)
                      .single()
                  > 0);
    }

    @Override
    public void close() throws InterruptedException {
      release.countDown();
      if (holder != null) {
        holder.join();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Reply answerAfter(CountDownLatch released, String text) {
    awaitQuietly(released);
    return Reply.text(text);
  }
}
