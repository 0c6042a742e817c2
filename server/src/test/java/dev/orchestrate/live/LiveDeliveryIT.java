package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.support.Api;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Live delivery at scale: the workspace feed replays what a dashboard missed, and the listening
 * connection costs the pool nothing.
 */
class LiveDeliveryIT extends LiveServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private HikariDataSource database;

  @Test
  void aDashboardThatReconnectsWithAfterGetsWhatItMissed() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    String id;
    String lastSeen;
    try (var dashboard = SocketRecorder.connect(port, workspaceSocket(user, null))) {
      registered(dashboard);
      id = demo.startAutoHealing();
      await().atMost(WAIT).until(() -> dashboard.lastType().equals("approval_required"));
      lastSeen = dashboard.events().getLast().get("ts").asString();
    }
    // Decided while no dashboard was connected: the rest of the run happens unseen.
    demo.approve(id, "await_approval");
    await().atMost(WAIT).until(() -> demo.status(id).equals("completed"));

    try (var fresh = SocketRecorder.connect(port, workspaceSocket(user, null));
        var resumed = SocketRecorder.connect(port, workspaceSocket(user, lastSeen))) {
      await().atMost(WAIT).until(() -> resumed.lastType().equals("execution_complete"));
      List<JsonNode> events = resumed.events();
      assertThat(events)
          .extracting(e -> e.get("type").asString())
          .containsSubsequence("approval_required", "approval_resolved", "execution_complete");
      assertThat(events).extracting(e -> e.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
      // Without after, a dashboard gets only what happens from now on.
      registered(fresh);
      assertThat(fresh.events()).isEmpty();
    }
  }

  @Test
  void theWorkspaceFeedAsServerSentEventsResumesFromLastEventId() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    String id = demo.startGrantFactory();
    await().atMost(WAIT).until(() -> demo.status(id).equals("completed"));
    String start = firstEventTs(user, id);

    try (var sse = SseRecorder.open(port, workspaceStream(user), user.token(), start)) {
      await().atMost(WAIT).until(() -> sse.lastType().equals("execution_complete"));
      assertThat(sse.events())
          .extracting(SseRecorder.Event::type)
          .containsSubsequence("execution_start", "execution_complete");
      // Each event's id is its ts: what the client sends back as Last-Event-ID.
      assertThat(sse.events())
          .allSatisfy(
              e ->
                  assertThat(Api.json().readTree(e.data()).get("ts").asString()).isEqualTo(e.id()));
    }
  }

  @Test
  void theListenerHoldsNoConnectionOfThePool() {
    // The listener's connection is its own: at rest the pool lends out nothing.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> database.getHikariPoolMXBean().getActiveConnections() == 0);
    // It is there all the same, outside the pool (another instance's may still be closing).
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                        "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name = 'orchestrate-live-listener'")
                    .query(Long.class)
                    .single(),
            n -> n == 1);
  }

  /** A pong proves the server has registered the dashboard (and replayed what it had to). */
  private static void registered(SocketRecorder dashboard) {
    int before = dashboard.messages().size();
    dashboard.send("{\"type\":\"ping\"}");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<String> messages = dashboard.messages();
              return messages.subList(before, messages.size()).stream()
                  .anyMatch(m -> m.contains("\"pong\""));
            });
  }

  private String firstEventTs(Api.Session user, String id) {
    try (var all = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      await().atMost(WAIT).until(() -> all.lastType().equals("execution_complete"));
      return all.events().getFirst().get("ts").asString();
    }
  }

  private static String workspaceSocket(Api.Session user, String after) {
    return Demo.workspaceSocket(user.workspaceId(), user.token())
        + (after == null ? "" : "&after=" + after);
  }

  private static String workspaceStream(Api.Session user) {
    return "/orchestrate/workspaces/" + user.workspaceId() + "/events";
  }
}
