package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.engine.ExecutionSignals;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What this instance commits reaches its subscribers from memory, without reading the events back
 * from PostgreSQL; a batch that does not continue a subscriber's cursor makes it read the gap.
 */
class LiveFromMemoryIT extends LiveServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private LiveHub hub;
  @Autowired private Announcer announcer;
  @Autowired private Tenancy tenancy;

  @Test
  void committedEventsReachThisInstancesSubscribersWithoutAReadAndAGapIsReadFromTheTable() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    String id = demo.startAutoHealing();
    UUID executionId = UUID.fromString(id);
    try (var live = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      await().atMost(WAIT).until(() -> live.lastType().equals("approval_required"));
      ExecutionSubscription subscription = subscriptionOf(executionId);
      await().atMost(WAIT).until(() -> subscription.cursor() == lastSeq(executionId));
      long last = subscription.cursor();
      long readsAfterReplay = subscription.reads();
      assertThat(readsAfterReplay).isPositive();

      // Two events in the table, only the second announced with its content: the first is read.
      UUID workspaceId = user.workspaceId();
      insertUnannounced(executionId, workspaceId, last + 1);
      String second = insertUnannounced(executionId, workspaceId, last + 2);
      announcer.eventsCommitted(
          executionId,
          workspaceId,
          last + 2,
          last + 2,
          List.of(new ExecutionSignals.Committed(last + 2, "test_note", second)));
      await().atMost(WAIT).until(() -> subscription.cursor() == last + 2);
      assertThat(subscription.reads()).isGreaterThan(readsAfterReplay);
      assertThat(live.events().subList(live.events().size() - 2, live.events().size()))
          .extracting(e -> e.get("seq").asLong())
          .containsExactly(last + 1, last + 2);

      // The rest of the run, committed here, arrives from memory: no read at all.
      long readsBefore = subscription.reads();
      demo.approve(id, "await_approval");
      await().atMost(WAIT).until(() -> live.lastType().equals("execution_complete"));
      assertThat(subscription.reads()).isEqualTo(readsBefore);
      List<JsonNode> events = live.events();
      assertThat(events)
          .extracting(e -> e.get("seq").asLong())
          .containsExactlyElementsOf(
              LongStream.rangeClosed(1, lastSeq(executionId)).boxed().toList());
    }
  }

  @Test
  void eventsFromMemoryArePrintedByteForByteAsAReplayReadsThem() {
    List<String> documents =
        List.of(
            "{\"type\":\"x\",\"seq\":1,\"ts\":\"t\",\"a\":{},\"b\":[],\"zz\":[1,{\"y\":2,\"x\":[]}]}",
            "{\"é\":1,\"z\":2,\"ab\":3,\"aa\":4,\"\uD83D\uDE00\":5,\"\uE000\":6,\"\":7}",
            "{\"n\":[0,-0,1.50,-0.0,0.1,1.0E-7,1e10,-2.5E+3,12345678901234567890123,9007199254740993]}",
            "{\"s\":\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f\\u007f/<>&\\u2028 서류 😀\"}",
            "{\"t\":true,\"f\":false,\"n\":null,\"nested\":{\"k\":[null,true,\"v\"]}}");
    for (String document : documents) {
      String stored =
          jdbc.sql("SELECT ?::jsonb::text").param(document).query(String.class).single();
      assertThat(JsonbText.of(document)).as(document).isEqualTo(stored);
    }
  }

  private ExecutionSubscription subscriptionOf(UUID executionId) {
    await().atMost(WAIT).until(() -> hub.subscribersOf(executionId).size() == 1);
    return hub.subscribersOf(executionId).iterator().next();
  }

  /** Writes an event as another writer would, without telling this instance. */
  private String insertUnannounced(UUID executionId, UUID workspaceId, long seq) {
    String json =
        "{\"type\":\"test_note\",\"execution_id\":\"" + executionId + "\",\"seq\":" + seq + "}";
    tenancy.inSystemTransaction(
        "test: unannounced event",
        () -> {
          jdbc.sql(
                  """
                  INSERT INTO execution_events (execution_id, seq, workspace_id, type, payload)
                  VALUES (?, ?, ?, 'test_note', ?::jsonb)
                  """)
              .params(executionId, seq, workspaceId, json)
              .update();
          jdbc.sql("UPDATE pipeline_executions SET last_event_seq = ? WHERE id = ?")
              .params(seq, executionId)
              .update();
          return null;
        });
    return json;
  }

  private long lastSeq(UUID executionId) {
    return tenancy.inSystemTransaction(
        "test: last seq",
        () ->
            jdbc.sql("SELECT last_event_seq FROM pipeline_executions WHERE id = ?")
                .param(executionId)
                .query(Long.class)
                .single());
  }
}
