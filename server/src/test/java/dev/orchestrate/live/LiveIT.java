package dev.orchestrate.live;

import static dev.orchestrate.support.FakeProviders.usage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.auth.AuthProperties;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live progress over real WebSockets and Server-Sent Events: replay and live delivery meet without
 * a gap, refusals say why, and a client that stops reading is cut off without slowing anyone else.
 */
class LiveIT extends LiveServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonMapper SINGLE_QUOTED =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  @Autowired private LiveHub hub;
  @Autowired private AuthProperties authProperties;

  @Test
  void aClientFromTheStartAndALateClientReceiveTheSameGaplessSequence() {
    var user = api.signUp();
    String id = new Demo(api, user).startGrantFactory();

    try (var live = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      awaitEnd(live);
      assertGapless(id, live.events());
      try (var late = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
        awaitEnd(late);
        assertThat(late.events()).isEqualTo(live.events());
      }
    }
    assertThat(new Demo(api, user).status(id)).isEqualTo("completed");
  }

  @Test
  void aClientThatDropsMidRunAndReconnectsAfterItsLastSeqMissesNothing() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    String id = demo.startAutoHealing();

    List<JsonNode> beforeDrop;
    try (var first = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      await().atMost(WAIT).until(() -> first.lastType().equals("approval_required"));
      first.drop();
      beforeDrop = first.events();
    }
    long lastSeen = beforeDrop.getLast().get("seq").asLong();
    demo.approve(id, "await_approval");

    try (var again =
            SocketRecorder.connect(port, Demo.executionSocket(id, user.token(), lastSeen));
        var whole = SocketRecorder.connect(port, Demo.executionSocket(id, user.token(), 0))) {
      awaitEnd(again);
      awaitEnd(whole);
      assertThat(again.events().getFirst().get("seq").asLong()).isEqualTo(lastSeen + 1);
      List<JsonNode> stitched = new ArrayList<>(beforeDrop);
      stitched.addAll(again.events());
      assertGapless(id, stitched);
      assertThat(stitched).isEqualTo(whole.events());
    }
  }

  @Test
  void refusesWithACloseCodeThatSaysWhy() {
    var owner = api.signUp();
    String id = new Demo(api, owner).startAutoHealing();

    assertThat(closeCodeOf(Demo.executionSocket(id, "not-a-token"))).isEqualTo(4401);
    assertThat(closeCodeOf("/ws/execution/" + id)).isEqualTo(4401);
    assertThat(closeCodeOf(Demo.executionSocket(id, "a%00b"))).isEqualTo(4401);
    assertThat(closeCodeOf(Demo.executionSocket(UUID.randomUUID().toString(), owner.token())))
        .isEqualTo(4404);
    assertThat(closeCodeOf(Demo.workspaceSocket(UUID.randomUUID(), owner.token()))).isEqualTo(4404);
  }

  @Test
  void aStrangerCannotTellAnotherWorkspacesIdsFromUnknownOnes() {
    // As REST answers 404 for both, so that an id reveals nothing.
    var owner = api.signUp();
    var stranger = api.signUp();
    String id = new Demo(api, owner).startAutoHealing();

    assertThat(closeCodeOf(Demo.executionSocket(id, stranger.token()))).isEqualTo(4404);
    assertThat(closeCodeOf(Demo.workspaceSocket(owner.workspaceId(), stranger.token())))
        .isEqualTo(4404);
  }

  @Test
  void refusesATokenWhoseClaimsAreWrongEvenWithTheRightSignature() {
    var owner = api.signUp();
    String id = new Demo(api, owner).startAutoHealing();
    Tokens tokens = Tokens.of(authProperties);
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

    List<String> refused =
        List.of(
            tokens.sign(tokens.claims(owner.userId()).expirationTime(null).build()),
            tokens.sign(
                tokens
                    .claims(owner.userId())
                    .issueTime(Date.from(tomorrow))
                    .expirationTime(Date.from(tomorrow.plusSeconds(600)))
                    .build()),
            tokens.sign(tokens.claims(UUID.randomUUID()).build()));
    for (String token : refused) {
      assertThat(closeCodeOf(Demo.executionSocket(id, token))).isEqualTo(4401);
      assertThat(closeCodeOf(Demo.workspaceSocket(owner.workspaceId(), token))).isEqualTo(4401);
    }
    // Guards the refusals: the same key and claims, rightly set, are accepted.
    String good = tokens.sign(tokens.claims(owner.userId()).build());
    try (var client = SocketRecorder.connect(port, Demo.executionSocket(id, good))) {
      await().atMost(WAIT).until(() -> !client.events().isEmpty());
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void acceptsTheTokenAsTheBearerSubprotocol() {
    var user = api.signUp();
    String id = new Demo(api, user).startGrantFactory();

    try (var client = SocketRecorder.connect(port, "/ws/execution/" + id, "bearer", user.token())) {
      assertThat(client.subprotocol()).isEqualTo("bearer");
      awaitEnd(client);
      assertGapless(id, client.events());
    }
  }

  @Test
  void declinesPerMessageDeflateSoEachEventIsNotCompressedOncePerSubscriber() throws Exception {
    var user = api.signUp();
    String id = new Demo(api, user).startGrantFactory();

    try (var socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String request =
          "GET "
              + Demo.executionSocket(id, user.token())
              + " HTTP/1.1\r\nHost: localhost:"
              + port
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
      List<String> head = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.add(line.toLowerCase(Locale.ROOT));
      }
      assertThat(head.getFirst()).startsWith("http/1.1 101");
      assertThat(head).noneMatch(h -> h.startsWith("sec-websocket-extensions"));
    }
  }

  @Test
  void answersAPingWithAPong() {
    var user = api.signUp();
    String id = new Demo(api, user).startAutoHealing();

    try (var client = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      client.send("{\"type\":\"ping\"}");
      await().atMost(WAIT).until(() -> client.messages().contains("{\"type\":\"pong\"}"));
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void serverSentEventsCarryTheSameSequenceWithSeqAsIdAndResumeAfterLastEventId() {
    var user = api.signUp();
    String id = new Demo(api, user).startGrantFactory();

    try (var sse = SseRecorder.open(port, Demo.eventStream(id), user.token(), null);
        var socket = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      assertThat(sse.response().statusCode()).isEqualTo(200);
      assertThat(sse.response().headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      await().atMost(WAIT).until(() -> sse.lastType().equals("execution_complete"));
      awaitEnd(socket);

      List<SseRecorder.Event> events = sse.events();
      List<JsonNode> data = events.stream().map(e -> Api.json().readTree(e.data())).toList();
      assertGapless(id, data);
      assertThat(data).isEqualTo(socket.events());
      assertThat(events)
          .allSatisfy(
              e -> {
                JsonNode event = Api.json().readTree(e.data());
                assertThat(e.id()).isEqualTo(event.get("seq").asString());
                assertThat(e.type()).isEqualTo(event.get("type").asString());
              });

      int resumeAfter = events.size() / 2;
      try (var resumed =
          SseRecorder.open(
              port, Demo.eventStream(id), user.token(), Integer.toString(resumeAfter))) {
        await().atMost(WAIT).until(() -> resumed.lastType().equals("execution_complete"));
        assertThat(resumed.events()).isEqualTo(events.subList(resumeAfter, events.size()));
      }
    }
  }

  @Test
  void letsGoOfAnEventStreamWhoseClientWentAwayAfterTheEnd() {
    var user = api.signUp();
    String id = new Demo(api, user).startGrantFactory();
    // Earlier tests' clients are gone, and the server has noticed.
    await().atMost(WAIT).until(() -> hub.subscribers() == 0);

    try (var sse = SseRecorder.open(port, Demo.eventStream(id), user.token(), null)) {
      await().atMost(WAIT).until(() -> sse.lastType().equals("execution_complete"));
      assertThat(hub.subscribers()).isEqualTo(1);
    }
    // Nothing more will be sent: only the heartbeat (every second here) can find out.
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscribers() == 0);
  }

  @Test
  void aDashboardFollowsStartsApprovalsAndEndsInItsWorkspace() {
    var user = api.signUp();
    var demo = new Demo(api, user);

    try (var dashboard =
        SocketRecorder.connect(port, Demo.workspaceSocket(user.workspaceId(), user.token()))) {
      // A pong proves the server has registered the dashboard: nothing can be missed after it.
      dashboard.send("{\"type\":\"ping\"}");
      await().atMost(WAIT).until(() -> !dashboard.messages().isEmpty());

      String id = demo.startAutoHealing();
      await().atMost(WAIT).until(() -> dashboard.lastType().equals("approval_required"));
      demo.approve(id, "await_approval");
      await().atMost(WAIT).until(() -> dashboard.lastType().equals("execution_complete"));

      // The engine announces execution_start again when the run resumes after the approval.
      List<JsonNode> events = dashboard.events();
      assertThat(events)
          .extracting(e -> e.get("type").asString())
          .containsSubsequence(
              "execution_start", "approval_required", "approval_resolved", "execution_complete")
          .containsOnly(
              "execution_start", "approval_required", "approval_resolved", "execution_complete");
      assertThat(events)
          .allSatisfy(e -> assertThat(e.get("execution_id").asString()).isEqualTo(id));
      assertThat(events).extracting(e -> e.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
      assertThat(event(events, "approval_required").get("node_id").asString())
          .isEqualTo("await_approval");
      assertThat(event(events, "approval_resolved").get("decision").asString())
          .isEqualTo("approved");
      assertThat(event(events, "execution_complete").get("status").asString())
          .isEqualTo("completed");
    }
  }

  @Test
  void cutsOffAStalledClientWhileAHealthyOneKeepsUpAndTheRunFinishesOnTime() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    String marker = "flood-" + UUID.randomUUID();
    // 2 MB in 128 pieces at least 20 ms apart: the stalled client's buffers (16 KB to receive,
    // 16 KB to send, one message in flight) are full within the first few hundred KB, and the
    // rest takes two seconds more, twice the send time limit, before the healthy client can have
    // it all.
    providers
        .anthropic()
        .when(marker)
        .reply(flood(2 << 20, 16 << 10).pacing(Duration.ofMillis(20)).usage(usage(10, 1000)));
    String pipelineId = floodPipeline(user, marker);

    long started = System.nanoTime();
    String id = demo.start(pipelineId, Map.of("topic", "everything"));
    try (var stalled =
            SocketRecorder.stalled(port, Demo.executionSocket(id, user.token()), 16 << 10);
        var healthy = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
      awaitEnd(healthy);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      Instant ended = Instant.parse(healthy.events().getLast().get("ts").asString());
      assertThat(Duration.between(ended, Instant.now())).isLessThan(Duration.ofSeconds(3));
      assertThat(healthy.isClosed()).isFalse();
      assertGapless(id, healthy.events());
      assertThat(healthy.events().getLast().get("status").asString()).isEqualTo("completed");
      assertThat(took).isLessThan(Duration.ofSeconds(20));

      stalled.resume();
      assertThat(stalled.closeCode()).as("close of %s", stalled.error()).isEqualTo(4008);
      List<JsonNode> partial = stalled.events();
      assertThat(partial.size()).isLessThan(healthy.events().size());
      assertThat(partial).isEqualTo(healthy.events().subList(0, partial.size()));
    }
  }

  /** A model answer of {@code bytes} ASCII characters in pieces of {@code piece}. */
  private static Reply flood(int bytes, int piece) {
    String text =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(piece / 57 + 1);
    String[] pieces = new String[bytes / piece];
    Arrays.fill(pieces, text.substring(0, piece));
    return Reply.pieces(pieces);
  }

  private String floodPipeline(Api.Session user, String marker) {
    var agent =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug", "flood",
                "name", "Flood",
                "model_provider", "anthropic",
                "model", "claude-sonnet-4-20250514",
                "system_prompt", "Write at length. " + marker,
                "parameters", Map.of("max_tokens", 1024)));
    assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
    String graph =
        """
        {'entry_point': 'start',
         'nodes': [{'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'flood'},
                   {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'write'}, {'from': 'write', 'to': 'done'}]}
        """;
    var pipeline =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of(
                "slug", "flood",
                "name", "Flood",
                "graph_definition", SINGLE_QUOTED.readTree(graph)));
    assertThat(pipeline.status()).as(pipeline.raw()).isEqualTo(201);
    return pipeline.body().get("id").asString();
  }

  private static JsonNode event(List<JsonNode> events, String type) {
    return events.stream()
        .filter(e -> e.get("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
  }

  private int closeCodeOf(String path) {
    try (var client = SocketRecorder.connect(port, path)) {
      int code = client.closeCode();
      assertThat(client.events()).isEmpty();
      return code;
    }
  }

  private static void awaitEnd(SocketRecorder client) {
    await()
        .atMost(WAIT)
        .failFast("the socket closed", client::isClosed)
        .until(() -> client.lastType().equals("execution_complete"));
  }

  /** Every event of the execution, seq 1..n, from its start to its end. */
  static void assertGapless(String executionId, List<JsonNode> events) {
    assertThat(events).isNotEmpty();
    assertThat(events)
        .extracting(e -> e.get("seq").asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events)
        .allSatisfy(e -> assertThat(e.get("execution_id").asString()).isEqualTo(executionId));
    assertThat(events.getFirst().get("type").asString()).isEqualTo("execution_start");
    assertThat(events.getLast().get("type").asString()).isEqualTo("execution_complete");
  }
}
