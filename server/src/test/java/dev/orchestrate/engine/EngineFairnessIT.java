package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A full instance does not hand a finishing runner's slot to the next execution of the same
 * workspace: older queued work of another workspace goes first, as the claim loop takes it.
 */
@TestPropertySource(
    properties = {
      "orchestrate.engine.max-running=1",
      "orchestrate.engine.max-running-per-workspace=5",
      "orchestrate.engine.poll-interval=1h"
    })
class EngineFairnessIT extends ServiceTest {

  private final Tenancy tenancy;

  @Autowired
  EngineFairnessIT(Tenancy tenancy) {
    this.tenancy = tenancy;
  }

  @Test
  void aFullInstanceGivesTheSlotToTheOldestQueuedWork() {
    var busy = new Executions(api, api.signUp(), tenancy, jdbc);
    var other = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = UUID.randomUUID().toString();
    var firstReply = new CountDownLatch(1);
    Marked model =
        providers
            .anthropic()
            .when(marker)
            .reply(Reply.fromRequest(body -> answerAfter(firstReply, "먼저")))
            .otherwise(Reply.text("다음"));
    try {
      busy.agent("fair", marker);
      String pipeline =
          busy.pipeline(
              """
              {'entry_point': 'think', 'nodes': [
                 {'id': 'think', 'type': 'agent_call', 'label': 'Think', 'agent_slug': 'fair'}],
               'edges': []}
              """);
      String first = busy.start(pipeline, Map.of("n", 1));
      await().atMost(Executions.WAIT).until(() -> model.requests().size() == 1);
      // The instance is full: both wait, the other workspace's one queued first.
      String older =
          other.start(
              other.pipeline(
                  """
                  {'entry_point': 'out', 'nodes': [
                     {'id': 'out', 'type': 'finalize', 'label': 'Out'}],
                   'edges': []}
                  """),
              Map.of("n", 2));
      String newer = busy.start(pipeline, Map.of("n", 3));

      firstReply.countDown();
      busy.awaitStatus(first, "completed");
      other.awaitStatus(older, "completed");
      busy.awaitStatus(newer, "completed");
      assertThat(startedAt(older)).isBefore(startedAt(newer));
    } finally {
      firstReply.countDown();
    }
  }

  private Instant startedAt(String id) {
    return tenancy.inSystemTransaction(
        "test reads when an execution started",
        () ->
            jdbc.sql("SELECT started_at FROM pipeline_executions WHERE id = ?")
                .param(UUID.fromString(id))
                .query(Timestamp.class)
                .single()
                .toInstant());
  }

  private static Reply answerAfter(CountDownLatch released, String text) {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Reply.text(text);
  }
}
