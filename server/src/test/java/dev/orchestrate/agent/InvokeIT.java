package dev.orchestrate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /orchestrate/agent/invoke through the real SDK code path, against the fake providers. */
class InvokeIT extends ServiceTest {

  private static final List<Map<String, String>> TEST_MESSAGE =
      List.of(Map.of("role", "user", "content", "테스트"));

  @Test
  void theSpecificationsExampleWorksForASimulatedAgentWithNoKeys() {
    var user = api.signUp();
    String optimist = agentId(user, "optimist");

    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", optimist, "messages", TEST_MESSAGE));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().get("content").asString()).isNotBlank();
    assertThat(r.body().get("model").asString()).startsWith("simulated:");
    assertThat(r.body().get("output_tokens").asLong()).isPositive();
    // A simulated call charges the agent's fee (optimist: 20) and nothing for its tokens.
    assertThat(r.body().get("cost").decimalValue()).isEqualByComparingTo("20");
    assertThat(r.body().get("credits_remaining").decimalValue()).isEqualByComparingTo("9980");
  }

  @Test
  void aPaidCallIsChargedWhatTheProviderReported() {
    var user = api.signUp();
    String marker = marker();
    String agent = paidAgent(user, marker, 20);
    providers.anthropic().when(marker).reply(Reply.text("안녕하세요", FakeProviders.usage(1000, 500)));

    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", agent, "messages", TEST_MESSAGE));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().get("content").asString()).isEqualTo("안녕하세요");
    // The original specification's example: $3/$15 per million, 1,000 in and 500 out = 14.7
    // credits, plus 20 per run.
    assertThat(r.body().get("cost").decimalValue()).isEqualByComparingTo("34.7");
    assertThat(r.body().get("credits_remaining").decimalValue()).isEqualByComparingTo("9965.3");
    assertThat(r.body().get("input_tokens").asLong()).isEqualTo(1000);
    var sent = providers.anthropic().when(marker).requests().getFirst().body();
    assertThat(sent.get("system").toString()).contains(marker);
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(1000);
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(usageRows(user)).hasSize(1);
  }

  @Test
  void twoRateLimitsThenSuccessSucceedsAndIsChargedOnce() {
    var user = api.signUp();
    String marker = marker();
    String agent = paidAgent(user, marker, 0);
    providers
        .anthropic()
        .when(marker)
        .reply(
            Reply.status(429).retryAfter("0"),
            Reply.status(429).retryAfter("0"),
            Reply.text("결국 성공", FakeProviders.usage(1000, 500)));

    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", agent, "messages", TEST_MESSAGE));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(providers.anthropic().when(marker).requests()).hasSize(3);
    assertThat(r.body().get("cost").decimalValue()).isEqualByComparingTo("14.7");
    assertThat(usageRows(user)).hasSize(1);
  }

  @Test
  void aRefusedKeyFailsAtOnceWithAProviderErrorThatDoesNotShowTheKey() {
    var user = api.signUp();
    String marker = marker();
    String agent = paidAgent(user, marker, 20);
    providers.anthropic().when(marker).reply(Reply.status(401));

    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", agent, "messages", TEST_MESSAGE));

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body().get("code").asString()).isEqualTo("provider_error");
    assertThat(r.raw()).doesNotContain("test-anthropic-key");
    assertThat(providers.anthropic().when(marker).requests()).hasSize(1);
    assertThat(api.get(user.ws() + "/credits", user.token()).body().get("balance").decimalValue())
        .isEqualByComparingTo("10000");
  }

  @Test
  void aCallSlowerThanItsTimeoutFailsWithTimeout() {
    var user = api.signUp();
    String marker = marker();
    var created =
        api.post(
            user.ws() + "/agents",
            user.token(),
            agentBody(marker, 0, Map.of("max_tokens", 1000, "timeout_ms", 1000)));
    providers.anthropic().when(marker).otherwise(Reply.text("늦은 답").delay(Duration.ofSeconds(5)));

    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", created.body().get("id").asString(), "messages", TEST_MESSAGE));

    assertThat(r.status()).isEqualTo(504);
    assertThat(r.body().get("code").asString()).isEqualTo("timeout");
  }

  @Test
  void streamsChunksThenDone() throws Exception {
    var user = api.signUp();
    String marker = marker();
    String agent = paidAgent(user, marker, 0);
    providers
        .anthropic()
        .when(marker)
        .reply(Reply.pieces("하나 ", "둘 ", "셋").usage(FakeProviders.usage(10, 3)));

    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orchestrate/agent/invoke"))
            .header("Authorization", "Bearer " + user.token())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Api.json()
                        .writeValueAsString(Map.of("agent_id", agent, "messages", TEST_MESSAGE))))
            .build();
    List<String> lines =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofLines())
            .body()
            .toList();

    List<String> events =
        lines.stream()
            .filter(l -> l.startsWith("event:"))
            .map(l -> l.substring(6).strip())
            .toList();
    assertThat(events).startsWith("chunk").endsWith("done");
    String text =
        dataOf(lines, "chunk").stream()
            .map(d -> Api.json().readTree(d).get("chunk").asString())
            .reduce("", String::concat);
    assertThat(text).isEqualTo("하나 둘 셋");
    JsonNode done = Api.json().readTree(dataOf(lines, "done").getFirst());
    assertThat(done.get("content").asString()).isEqualTo("하나 둘 셋");
    assertThat(done.get("output_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void fiftyConcurrentCallsAgainstABalanceForTenNeverOverdraw() throws Exception {
    var owner = api.signUp();
    var ws = api.post("/api/workspaces", owner.token(), Map.of("name", "Ten calls"));
    String wsPath = "/api/workspaces/" + ws.body().get("id").asString();
    String marker = marker();
    var agent =
        api.post(
            wsPath + "/agents", owner.token(), agentBody(marker, 0, Map.of("max_tokens", 1000)));
    // Each call reserves at most about 21.01 credits (1,000 output tokens at $15/M plus the
    // prompt).
    api.post(wsPath + "/credits/grants", owner.token(), Map.of("amount", new BigDecimal("215")));
    providers
        .anthropic()
        .when(marker)
        .otherwise(Reply.text("ok", FakeProviders.usage(10, 5)).delay(Duration.ofSeconds(2)));

    List<Future<Api.Response>> calls = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        calls.add(
            pool.submit(
                () ->
                    api.post(
                        "/orchestrate/agent/invoke",
                        owner.token(),
                        Map.of(
                            "agent_id",
                            agent.body().get("id").asString(),
                            "messages",
                            TEST_MESSAGE))));
      }
    }
    int ok = 0;
    int refused = 0;
    for (var call : calls) {
      int status = call.get().status();
      if (status == 200) {
        ok++;
      } else if (status == 402) {
        refused++;
      }
    }
    assertThat(ok + refused).isEqualTo(50);
    assertThat(ok).isBetween(1, 10);
    var credits = api.get(wsPath + "/credits", owner.token()).body();
    assertThat(credits.get("balance").decimalValue()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
    assertThat(credits.get("reserved").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void anotherWorkspacesAgentIsNotFound() {
    var alice = api.signUp();
    var bob = api.signUp();
    var r =
        api.post(
            "/orchestrate/agent/invoke",
            bob.token(),
            Map.of("agent_id", agentId(alice, "critic"), "messages", TEST_MESSAGE));
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void aViewerCannotInvoke() {
    var owner = api.signUp();
    var viewer = api.signUp();
    api.post(
        owner.ws() + "/members", owner.token(), Map.of("email", viewer.email(), "role", "viewer"));
    var r =
        api.post(
            "/orchestrate/agent/invoke",
            viewer.token(),
            Map.of("agent_id", agentId(owner, "critic"), "messages", TEST_MESSAGE));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void badMessagesAreListed() {
    var user = api.signUp();
    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of(
                "agent_id",
                agentId(user, "critic"),
                "messages",
                List.of(Map.of("role", "system", "content", ""))));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .contains("messages[0].role", "messages[0].content");
  }

  private static List<String> dataOf(List<String> lines, String event) {
    List<String> data = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("event:" + event) || lines.get(i).equals("event: " + event)) {
        String next = lines.get(i + 1);
        data.add(next.substring(next.indexOf(':') + 1).strip());
      }
    }
    return data;
  }

  private List<String> usageRows(Api.Session user) {
    return api.get(user.ws() + "/credits", user.token())
        .body()
        .get("transactions")
        .valueStream()
        .map(t -> t.get("type").asString())
        .filter("usage"::equals)
        .toList();
  }

  private String paidAgent(Api.Session user, String marker, int costPerRun) {
    var r =
        api.post(
            user.ws() + "/agents",
            user.token(),
            agentBody(marker, costPerRun, Map.of("max_tokens", 1000, "temperature", 0.3)));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("id").asString();
  }

  private static Map<String, Object> agentBody(
      String marker, int costPerRun, Map<String, Object> parameters) {
    return Map.of(
        "slug",
        "paid-" + marker.substring(0, 8),
        "name",
        "Paid",
        "model_provider",
        "anthropic",
        "model",
        "claude-sonnet-4-20250514",
        "system_prompt",
        "You answer briefly. " + marker,
        "parameters",
        parameters,
        "cost_per_run",
        costPerRun);
  }

  private static String marker() {
    return UUID.randomUUID().toString();
  }

  private String agentId(Api.Session user, String slug) {
    return api.get(user.ws() + "/agents", user.token())
        .body()
        .valueStream()
        .filter(a -> a.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asString();
  }
}
