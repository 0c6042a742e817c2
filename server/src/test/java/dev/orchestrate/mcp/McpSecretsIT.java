package dev.orchestrate.mcp;

import static dev.orchestrate.mcp.McpConnectionsIT.byName;
import static dev.orchestrate.mcp.McpConnectionsIT.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeFirecrawl;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Connections that name workspace secrets: values reach the server (as variables, files, a URL),
 * never come back in its answers, every read is audited, a replaced secret gets a client of its
 * own, and a preset whose secret is set runs its real server (firecrawl-mcp against a loopback
 * Firecrawl).
 */
class McpSecretsIT extends ServiceTest {

  private static final String CANARY = "sk-canary-7f3e9a1c5b2d";

  @Test
  void secretsReachTheServerAsVariablesAndFilesAndNeverComeBackInItsAnswers() throws Exception {
    var user = api.signUp();
    secret(user, "canary_token", CANARY);
    secret(user, "key_json", "{\"key\": \"first\"}");
    String id =
        connect(
            user,
            McpServers.stdio(
                "with-secrets",
                Map.of("TOKEN", "secret:canary_token", "KEY_FILE", "secret-file:key_json")));

    JsonNode result = call(user, id, "get-env", Map.of());
    assertThat(result.toString()).doesNotContain(CANARY);
    JsonNode env = Api.json().readTree(result.at("/content/0/text").asString());
    // The variable held the value exactly: only that is masked.
    assertThat(env.get("TOKEN").asString()).isEqualTo(Redactor.MASK);
    Path file = Path.of(env.get("KEY_FILE").asString());
    assertThat(Files.readString(file)).isEqualTo("{\"key\": \"first\"}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    var audit = api.get(user.ws() + "/audit-logs?action=secret.accessed", user.token());
    assertThat(audit.raw()).contains("mcp:with-secrets", "canary_token", "key_json");
    assertThat(audit.raw()).doesNotContain(CANARY);
    var listed = api.get(user.ws() + "/mcp-connections/" + id, user.token());
    assertThat(listed.raw()).contains("secret:canary_token").doesNotContain(CANARY);

    // A new version: the next call gets a client started with it, in a folder of its own.
    secret(user, "key_json", "{\"key\": \"second\"}");
    JsonNode again =
        Api.json().readTree(call(user, id, "get-env", Map.of()).at("/content/0/text").asString());
    Path newFile = Path.of(again.get("KEY_FILE").asString());
    assertThat(newFile).isNotEqualTo(file);
    assertThat(Files.readString(newFile)).isEqualTo("{\"key\": \"second\"}");
  }

  @Test
  void anHttpConnectionsUrlMayBeASecret() {
    var user = api.signUp();
    secret(user, "everything_url", McpServers.httpUrl());
    String id = connect(user, McpServers.http("hidden-url", "secret:everything_url", Map.of()));
    JsonNode echo = call(user, id, "echo", Map.of("message", "through a secret URL"));
    assertThat(echo.at("/content/0/text").asString()).isEqualTo("Echo: through a secret URL");
  }

  @Test
  void theFirecrawlPresetRunsItsRealServerOnceItsSecretIsSetAndGrantFactoryCrawlsThroughIt() {
    var user = api.signUp();
    try (FakeFirecrawl firecrawl = FakeFirecrawl.start()) {
      JsonNode preset =
          byName(api.get(user.ws() + "/mcp-connections", user.token()).body(), "firecrawl");
      assertThat(preset.get("status").asString()).isEqualTo("simulated");
      secret(user, "firecrawl_api_key", FakeFirecrawl.API_KEY);
      secret(user, "firecrawl_api_url", firecrawl.url());
      assertThat(
              api.get(user.ws() + "/mcp-connections/" + id(preset), user.token())
                  .body()
                  .get("status")
                  .asString())
          .isEqualTo("idle");

      var started =
          api.post(
              "/orchestrate/pipeline/start",
              user.token(),
              Map.of(
                  "pipeline_id",
                  api.pipelineId(user, "grant_factory"),
                  "input",
                  Map.of("query", "정부조달 공고 검색: AI 솔루션")));
      assertThat(started.status()).as(started.raw()).isEqualTo(202);
      String execution = started.body().get("execution_id").asString();
      JsonNode done =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> api.get("/orchestrate/executions/" + execution, user.token()).body(),
                  e -> !e.get("status").asString().matches("queued|running"));
      assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");

      JsonNode crawl =
          done.get("steps")
              .valueStream()
              .filter(s -> s.get("node_id").asString().equals("crawl_announcements"))
              .findFirst()
              .orElseThrow();
      assertThat(crawl.get("output").has("simulated")).isFalse();
      assertThat(crawl.get("tool_calls").get(0).get("simulated").asBoolean()).isFalse();
      assertThat(crawl.get("output").at("/content/0/text").asString())
          .contains(FakeFirecrawl.ANNOUNCEMENTS.getFirst().url());
      assertThat(firecrawl.requests("/v2/search")).isNotEmpty();
      assertThat(firecrawl.requests("/v2/search").getFirst().authorization())
          .contains("Bearer " + FakeFirecrawl.API_KEY);
      assertThat(done.toString()).doesNotContain(FakeFirecrawl.API_KEY);
    }
  }

  private void secret(Api.Session user, String name, String value) {
    var put = api.put(user.ws() + "/secrets/" + name, user.token(), Map.of("value", value));
    assertThat(put.status()).as(put.raw()).isEqualTo(204);
  }

  private String connect(Api.Session user, Map<String, Object> body) {
    var created = api.post(user.ws() + "/mcp-connections", user.token(), body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().get("id").asString();
  }

  private JsonNode call(Api.Session user, String id, String tool, Map<String, ?> arguments) {
    var response =
        api.post(
            user.ws() + "/mcp-connections/" + id + "/tools/" + tool + "/call",
            user.token(),
            Map.of("arguments", arguments));
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }
}
