package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MCP connections through the API against the real reference server (server-everything from {@code
 * mcp-servers/}), over stdio and over Streamable HTTP.
 */
class McpConnectionsIT extends ServiceTest {

  @Test
  void aFreshWorkspaceListsItsFourPresetsSimulated() {
    var user = api.signUp();
    var listed = api.get(user.ws() + "/mcp-connections", user.token());
    assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
    assertThat(names(listed.body()))
        .containsExactlyInAnyOrder("firecrawl", "gdrive", "paddleocr", "slack");
    for (JsonNode connection : listed.body()) {
      assertThat(connection.get("status").asString()).isEqualTo("simulated");
      assertThat(connection.get("preset").asString()).isEqualTo(connection.get("name").asString());
    }
    JsonNode firecrawl = byName(listed.body(), "firecrawl");
    assertThat(firecrawl.get("command").asString()).isEqualTo("npx");
    assertThat(firecrawl.get("args").toString()).contains("firecrawl-mcp@3.26.0");
    assertThat(firecrawl.get("env").get("FIRECRAWL_API_KEY").asString())
        .isEqualTo("secret:firecrawl_api_key");
    JsonNode paddle = byName(listed.body(), "paddleocr");
    assertThat(paddle.get("transport").asString()).isEqualTo("http");
    assertThat(paddle.get("url").asString()).isEqualTo("secret:paddleocr_url");

    var tools = api.get(user.ws() + "/mcp-connections/" + id(firecrawl) + "/tools", user.token());
    assertThat(tools.status()).as(tools.raw()).isEqualTo(200);
    assertThat(names(tools.body())).contains("firecrawl_search", "firecrawl_scrape");
    assertThat(tools.body().get(0).get("simulated").asBoolean()).isTrue();

    var test =
        api.post(user.ws() + "/mcp-connections/" + id(firecrawl) + "/test", user.token(), Map.of());
    assertThat(test.body().get("ok").asBoolean()).isTrue();
    assertThat(test.body().get("simulated").asBoolean()).isTrue();
  }

  @Test
  void aSimulatedPresetAnswersInTheMcpShapeMarkedSimulated() {
    var user = api.signUp();
    String firecrawl =
        id(byName(api.get(user.ws() + "/mcp-connections", user.token()).body(), "firecrawl"));
    var called =
        api.post(
            user.ws() + "/mcp-connections/" + firecrawl + "/tools/firecrawl_search/call",
            user.token(),
            Map.of("arguments", Map.of("query", "AI 솔루션", "limit", 2)));
    assertThat(called.status()).as(called.raw()).isEqualTo(200);
    assertThat(called.body().get("simulated").asBoolean()).isTrue();
    assertThat(called.body().get("structuredContent").get("data").get("web").size()).isEqualTo(2);
    assertThat(called.body().get("content").get(0).get("type").asString()).isEqualTo("text");
  }

  @Test
  void listsAndCallsTheToolsOfAStdioServer() {
    var user = api.signUp();
    var created =
        api.post(
            user.ws() + "/mcp-connections", user.token(), McpServers.stdio("everything", Map.of()));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().get("status").asString()).isEqualTo("idle");
    String id = id(created.body());

    var tools = api.get(user.ws() + "/mcp-connections/" + id + "/tools", user.token());
    assertThat(tools.status()).as(tools.raw()).isEqualTo(200);
    assertThat(names(tools.body()))
        .contains("echo", "get-sum", "get-env", "trigger-long-running-operation");
    assertThat(tools.body().get(0).get("simulated").asBoolean()).isFalse();
    assertThat(
            api.get(user.ws() + "/mcp-connections/" + id, user.token())
                .body()
                .get("status")
                .asString())
        .isEqualTo("ready");

    JsonNode echo = call(user, id, "echo", Map.of("message", "안녕 MCP"));
    assertThat(echo.get("content").get(0).get("text").asString()).isEqualTo("Echo: 안녕 MCP");
    JsonNode sum = call(user, id, "get-sum", Map.of("a", 2, "b", 3));
    assertThat(sum.get("content").get(0).get("text").asString()).contains("5");

    var invalid =
        api.post(
            user.ws() + "/mcp-connections/" + id + "/tools/get-sum/call",
            user.token(),
            Map.of("arguments", Map.of("a", "two")));
    assertThat(invalid.status()).as(invalid.raw()).isEqualTo(422);
    assertThat(invalid.raw()).contains("arguments.a", "arguments.b");

    var unknown =
        api.post(
            user.ws() + "/mcp-connections/" + id + "/tools/no-such-tool/call",
            user.token(),
            Map.of("arguments", Map.of()));
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);

    var audit = api.get(user.ws() + "/audit-logs?category=mcp", user.token());
    assertThat(audit.raw()).contains("mcp.connection_created", "mcp.tool_called");
    JsonNode called =
        stream(audit.body()).stream()
            .filter(e -> e.get("action").asString().equals("mcp.tool_called"))
            .filter(e -> e.get("details").get("tool").asString().equals("echo"))
            .findFirst()
            .orElseThrow();
    assertThat(called.get("details").get("bytes").asLong()).isPositive();
    assertThat(called.get("details").get("status").asString()).isEqualTo("completed");
  }

  @Test
  void listsAndCallsTheToolsOfAStreamableHttpServerKeepingStructuredContent() {
    var user = api.signUp();
    var created =
        api.post(
            user.ws() + "/mcp-connections",
            user.token(),
            McpServers.http("everything-http", McpServers.httpUrl(), Map.of("X-Test", "literal")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String id = id(created.body());

    var tools = api.get(user.ws() + "/mcp-connections/" + id + "/tools", user.token());
    assertThat(tools.status()).as(tools.raw()).isEqualTo(200);
    assertThat(names(tools.body())).contains("echo", "get-structured-content");

    JsonNode echo = call(user, id, "echo", Map.of("message", "over http"));
    assertThat(echo.get("content").get(0).get("text").asString()).isEqualTo("Echo: over http");
    JsonNode weather = call(user, id, "get-structured-content", Map.of("location", "Chicago"));
    assertThat(weather.get("structuredContent").get("temperature").asInt()).isEqualTo(36);

    var test = api.post(user.ws() + "/mcp-connections/" + id + "/test", user.token(), Map.of());
    assertThat(test.body().get("ok").asBoolean()).as(test.raw()).isTrue();
    assertThat(test.body().get("tools").asInt()).isGreaterThan(5);
    assertThat(test.body().get("server").get("name").asString())
        .isEqualTo("mcp-servers/everything");
    assertThat(test.body().get("latency_ms").asLong()).isNotNegative();
  }

  @Test
  void aTestOfAServerThatCannotStartSaysWhatTheServerSaid() {
    var user = api.signUp();
    var body = McpServers.stdio("broken", Map.of());
    body.put("args", List.of(McpServers.EVERYTHING, "carrier-pigeon"));
    String id = id(api.post(user.ws() + "/mcp-connections", user.token(), body).body());

    var test = api.post(user.ws() + "/mcp-connections/" + id + "/test", user.token(), Map.of());
    assertThat(test.status()).as(test.raw()).isEqualTo(200);
    assertThat(test.body().get("ok").asBoolean()).isFalse();
    // The server's own last words are quoted: its stderr is read to the end (the SDK's transport
    // stopped reading it once stdout ended, losing the line written just before exit), and the
    // transports it lists on stdout, not being MCP, join them.
    assertThat(test.body().get("error").asString())
        .contains("exited with code 1", "Unknown transport: carrier-pigeon");
  }

  @Test
  void aStdioServerSeesOnlyItsDeclaredEnvironment() {
    var user = api.signUp();
    String id =
        id(
            api.post(
                    user.ws() + "/mcp-connections",
                    user.token(),
                    McpServers.stdio("env-check", Map.of("GREETING", "hello")))
                .body());
    JsonNode result = call(user, id, "get-env", Map.of());
    JsonNode env = Api.json().readTree(result.get("content").get(0).get("text").asString());
    Set<String> names = new java.util.HashSet<>();
    env.propertyNames().forEach(names::add);
    assertThat(names).containsExactlyInAnyOrder("GREETING", "PATH", "HOME");
    assertThat(env.get("GREETING").asString()).isEqualTo("hello");
    // Nothing else of the service's own environment reached the child, and PATH and HOME are not
    // the service's: PATH is the fixed minimum (plus node's folder), HOME the client's own folder.
    Set<String> serviceOnly = new java.util.HashSet<>(System.getenv().keySet());
    serviceOnly.removeAll(Set.of("PATH", "HOME", "GREETING"));
    assertThat(serviceOnly).isNotEmpty().doesNotContainAnyElementsOf(names);
    assertThat(env.get("PATH").asString()).startsWith("/usr/local/bin:/usr/bin:/bin");
    assertThat(env.get("HOME").asString()).isNotEqualTo(System.getenv("HOME"));
  }

  @Test
  void aKilledStdioServerIsStartedAgainOnTheNextCall() {
    var user = api.signUp();
    String id =
        id(
            api.post(
                    user.ws() + "/mcp-connections",
                    user.token(),
                    McpServers.stdio("phoenix", Map.of()))
                .body());
    assertThat(call(user, id, "echo", Map.of("message", "one")).toString()).contains("Echo: one");
    List<ProcessHandle> before = McpServers.stdioChildren();
    assertThat(before).isNotEmpty();
    before.forEach(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> before.stream().noneMatch(ProcessHandle::isAlive));

    assertThat(call(user, id, "echo", Map.of("message", "two")).toString()).contains("Echo: two");
    assertThat(McpServers.stdioChildren()).isNotEmpty().noneMatch(before::contains);
  }

  @Test
  void connectionsAreValidatedPresetsStayAndOwnOnesChangeAndGo() {
    var user = api.signUp();
    String base = user.ws() + "/mcp-connections";
    var invalid =
        api.post(
            base,
            user.token(),
            Map.of(
                "name",
                "Bad Name",
                "transport",
                "stdio",
                "env",
                Map.of("PATH", "/tmp", "X", "secret:")));
    assertThat(invalid.status()).as(invalid.raw()).isEqualTo(422);
    assertThat(problemPaths(invalid.body())).contains("name", "command", "env.PATH", "env.X");

    var noUrl = api.post(base, user.token(), Map.of("name", "web", "transport", "http"));
    assertThat(problemPaths(noUrl.body())).containsExactly("url");
    var badTransport = api.post(base, user.token(), Map.of("name", "web", "transport", "carrier"));
    assertThat(problemPaths(badTransport.body())).containsExactly("transport");

    var duplicate = api.post(base, user.token(), McpServers.stdio("slack", Map.of()));
    assertThat(duplicate.status()).isEqualTo(409);

    JsonNode slack = byName(api.get(base, user.token()).body(), "slack");
    assertThat(api.delete(base + "/" + id(slack), user.token()).status()).isEqualTo(409);
    assertThat(
            api.put(base + "/" + id(slack), user.token(), McpServers.stdio("slack", Map.of()))
                .status())
        .isEqualTo(409);

    String own = id(api.post(base, user.token(), McpServers.stdio("mine", Map.of())).body());
    var renamed =
        api.put(base + "/" + own, user.token(), McpServers.stdio("renamed", Map.of("A", "b")));
    assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
    assertThat(renamed.body().get("name").asString()).isEqualTo("renamed");
    assertThat(renamed.body().get("env").get("A").asString()).isEqualTo("b");
    assertThat(api.delete(base + "/" + own, user.token()).status()).isEqualTo(204);
    assertThat(api.get(base + "/" + own, user.token()).status()).isEqualTo(404);

    var audit = api.get(user.ws() + "/audit-logs?category=mcp", user.token()).raw();
    assertThat(audit)
        .contains("mcp.connection_created", "mcp.connection_updated", "mcp.connection_deleted");
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

  static List<String> names(JsonNode list) {
    return stream(list).stream().map(n -> n.get("name").asString()).toList();
  }

  static JsonNode byName(JsonNode list, String name) {
    return stream(list).stream()
        .filter(n -> n.get("name").asString().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + list));
  }

  static String id(JsonNode connection) {
    return UUID.fromString(connection.get("id").asString()).toString();
  }

  static List<String> problemPaths(JsonNode problem) {
    List<String> paths = new ArrayList<>();
    problem.path("errors").forEach(e -> paths.add(e.get("path").asString()));
    return paths;
  }

  private static List<JsonNode> stream(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }
}
