package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Pipelines that use live MCP servers (the real server-everything from {@code mcp-servers/}): an
 * {@code mcp_tool} node over stdio and over Streamable HTTP, an agent's tool rounds against the
 * loopback LLM, a tool that hangs, and an execution cancelled while its tool runs.
 */
class McpToolsIT extends ServiceTest {

  @Autowired private Tenancy tenancy;

  private Api.Session user;
  private Executions executions;

  @BeforeEach
  void signUp() {
    user = api.signUp();
    executions = new Executions(api, user, tenancy, jdbc);
  }

  @Test
  void anMcpToolNodeCallsAStdioServerAndRecordsTheCallOnItsStepEventsAndAudit() {
    connect(McpServers.stdio("everything", Map.of()));
    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'echo', 'type': 'mcp_tool', 'label': 'Echo', 'mcp': 'everything',
                'tool': 'echo', 'arguments': {'message': '{{input.text}}'}},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'echo'}, {'from': 'echo', 'to': 'done'}]}
            """,
            Map.of("text", "파이프라인에서"),
            "completed");

    JsonNode step = step(done, "echo");
    assertThat(step.get("output").get("content").get(0).get("text").asString())
        .isEqualTo("Echo: 파이프라인에서");
    JsonNode recorded = step.get("tool_calls").get(0);
    assertThat(recorded.get("mcp").asString()).isEqualTo("everything");
    assertThat(recorded.get("tool").asString()).isEqualTo("echo");
    assertThat(recorded.get("status").asString()).isEqualTo("completed");
    assertThat(recorded.get("bytes").asLong()).isPositive();
    assertThat(recorded.get("duration_ms").asLong()).isNotNegative();
    assertThat(recorded.get("simulated").asBoolean()).isFalse();
    // What the node inspector shows: the arguments as rendered, and the text read back.
    assertThat(recorded.get("arguments").get("message").asString()).isEqualTo("파이프라인에서");
    assertThat(recorded.get("result").asString()).isEqualTo("Echo: 파이프라인에서");

    List<JsonNode> calls = toolCalls(done);
    assertThat(calls)
        .extracting(e -> e.get("status").asString())
        .containsExactly("started", "completed");
    assertThat(calls.get(1).get("bytes").asLong()).isEqualTo(recorded.get("bytes").asLong());
    assertThat(calls.get(1).has("duration_ms")).isTrue();

    JsonNode audited = audited(done.get("id").asString(), "echo");
    assertThat(audited.get("details").get("bytes").asLong())
        .isEqualTo(recorded.get("bytes").asLong());
    assertThat(audited.get("details").get("connection").asString()).isEqualTo("everything");
  }

  @Test
  void anMcpToolNodeCallsAStreamableHttpServerAndKeepsItsStructuredContent() {
    connect(McpServers.http("weather", McpServers.httpUrl(), Map.of()));
    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'forecast', 'type': 'mcp_tool', 'label': 'Forecast', 'mcp': 'weather',
                'tool': 'get-structured-content', 'arguments': {'location': 'Los Angeles'}},
               {'id': 'done', 'type': 'finalize', 'label': 'Done',
                'output': {'sky': '{{steps.forecast.output.structuredContent.conditions}}'}}],
             'edges': [{'from': 'start', 'to': 'forecast'}, {'from': 'forecast', 'to': 'done'}]}
            """,
            Map.of(),
            "completed");

    assertThat(done.get("output").get("sky").asString()).isEqualTo("Sunny / Clear");
    assertThat(toolCalls(done))
        .extracting(e -> e.get("status").asString())
        .containsExactly("started", "completed");
    audited(done.get("id").asString(), "get-structured-content");
  }

  @Test
  void anAgentCallsALiveToolInItsToolRoundsAndReadsTheResult() {
    connect(McpServers.stdio("calc", Map.of()));
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("adder", marker);
    var script =
        providers
            .anthropic()
            .when(marker)
            .reply(
                Reply.toolUse("toolu_sum", "calc__get-sum", "{\"a\": 2, \"b\": 40}"),
                Reply.text("합계는 42입니다."));

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'adder',
                'prompt': '2 더하기 40은?', 'tools': [{'mcp': 'calc', 'tool': 'get-sum'}],
                'max_tool_rounds': 3},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'done'}]}
            """,
            Map.of(),
            "completed");

    assertThat(script.requests()).hasSize(2);
    String first = script.requests().get(0).body().toString();
    assertThat(first).contains("calc__get-sum", "Returns the sum of two numbers");
    String second = script.requests().get(1).body().toString();
    assertThat(second).contains("tool_result", "toolu_sum", "42");
    assertThat(step(done, "ask").get("output").toString()).contains("합계는 42입니다.");
    JsonNode asked = step(done, "ask").get("tool_calls").get(0);
    assertThat(asked.get("tool").asString()).isEqualTo("get-sum");
    assertThat(asked.get("arguments").get("a").asInt()).isEqualTo(2);
    assertThat(asked.get("result").asString()).contains("42");
    assertThat(toolCalls(done))
        .extracting(e -> e.get("status").asString())
        .containsExactly("started", "completed");
    audited(done.get("id").asString(), "get-sum");
  }

  @Test
  void aHungToolTimesOutWithinItsNodesTimeout() {
    connect(McpServers.stdio("slowpoke", Map.of()));
    JsonNode failed =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'wait', 'type': 'mcp_tool', 'label': 'Wait', 'mcp': 'slowpoke',
                'tool': 'trigger-long-running-operation', 'arguments': {'duration': 120, 'steps': 4},
                'timeout': 'PT2S', 'retry': {'max_attempts': 1, 'backoff_ms': 0}}],
             'edges': [{'from': 'start', 'to': 'wait'}]}
            """,
            Map.of(),
            "failed");

    JsonNode error = step(failed, "wait").get("error");
    assertThat(error.get("code").asString()).isIn("timeout", "tool_error");
    assertThat(step(failed, "wait").get("duration_ms").asLong()).isLessThan(15_000);
    assertThat(toolCalls(failed))
        .extracting(e -> e.get("status").asString())
        .containsExactly("started", "failed");
  }

  @Test
  void cancellingAnExecutionCancelsItsToolCallAndTheClientStaysUsable() {
    String connection = connect(McpServers.stdio("sleeper", Map.of()));
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'wait', 'type': 'mcp_tool', 'label': 'Wait', 'mcp': 'sleeper',
                'tool': 'trigger-long-running-operation', 'arguments': {'duration': 120, 'steps': 4}}],
             'edges': [{'from': 'start', 'to': 'wait'}]}
            """);
    String id = executions.start(pipeline, Map.of());
    await()
        .atMost(Executions.WAIT)
        .until(
            () ->
                executions.events(id).stream()
                    .anyMatch(e -> e.get("type").asString().equals("tool_call")));

    var cancelled = api.post("/orchestrate/executions/" + id + "/cancel", user.token(), Map.of());
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    // Far sooner than the two minutes the tool would take.
    JsonNode ended = executions.awaitStatus(id, "cancelled");
    assertThat(step(ended, "wait").get("status").asString()).isEqualTo("failed");

    var echo =
        api.post(
            user.ws() + "/mcp-connections/" + connection + "/tools/echo/call",
            user.token(),
            Map.of("arguments", Map.of("message", "still here")));
    assertThat(echo.status()).as(echo.raw()).isEqualTo(200);
  }

  @Test
  void aRunningExecutionKeepsTheSecretVersionItStartedWithWhileNewOnesGetTheReplacement()
      throws Exception {
    secret("key_json", "first");
    connect(McpServers.stdio("keyed", Map.of("KEY_FILE", "secret-file:key_json")));
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
               {'id': 'env', 'type': 'mcp_tool', 'label': 'Env', 'mcp': 'keyed',
                'tool': 'get-env', 'arguments': {}}],
             'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'env'}]}
            """);
    String before = executions.start(pipeline, Map.of());
    executions.awaitStatus(before, "awaiting_approval");
    secret("key_json", "second");
    String after = executions.start(pipeline, Map.of());
    executions.awaitStatus(after, "awaiting_approval");

    assertThat(executions.approve(after, "gate").status()).isEqualTo(200);
    assertThat(keyFile(executions.awaitStatus(after, "completed"))).isEqualTo("second");
    assertThat(executions.approve(before, "gate").status()).isEqualTo(200);
    assertThat(keyFile(executions.awaitStatus(before, "completed"))).isEqualTo("first");
  }

  private String keyFile(JsonNode execution) throws java.io.IOException {
    JsonNode env =
        Api.json().readTree(step(execution, "env").get("output").at("/content/0/text").asString());
    return java.nio.file.Files.readString(java.nio.file.Path.of(env.get("KEY_FILE").asString()));
  }

  private void secret(String name, String value) {
    var put = api.put(user.ws() + "/secrets/" + name, user.token(), Map.of("value", value));
    assertThat(put.status()).as(put.raw()).isEqualTo(204);
  }

  private String connect(Map<String, Object> body) {
    var created = api.post(user.ws() + "/mcp-connections", user.token(), body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().get("id").asString();
  }

  private static JsonNode step(JsonNode execution, String nodeId) {
    for (JsonNode step : execution.get("steps")) {
      if (step.get("node_id").asString().equals(nodeId)) {
        return step;
      }
    }
    throw new AssertionError("no step " + nodeId + " in " + execution);
  }

  private List<JsonNode> toolCalls(JsonNode execution) {
    return executions.events(execution.get("id").asString()).stream()
        .filter(e -> e.get("type").asString().equals("tool_call"))
        .toList();
  }

  private JsonNode audited(String executionId, String tool) {
    var audit =
        api.get(user.ws() + "/audit-logs?category=mcp&action=mcp.tool_called", user.token());
    assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
    for (JsonNode entry : audit.body()) {
      JsonNode details = entry.get("details");
      if (details.path("execution_id").asString("").equals(executionId)
          && details.get("tool").asString().equals(tool)) {
        return entry;
      }
    }
    throw new AssertionError("no mcp.tool_called of " + tool + " in " + audit.raw());
  }
}
