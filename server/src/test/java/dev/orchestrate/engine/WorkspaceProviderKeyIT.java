package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's own provider keys (the secrets {@code anthropic_api_key} and {@code
 * openai_api_key}) replace the deployment's for its agents, in direct calls and in executions; an
 * execution keeps the key it started with, and a provider's refusal never shows the key.
 */
class WorkspaceProviderKeyIT extends ServiceTest {

  private static final String DEPLOYMENT_ANTHROPIC_KEY = "test-anthropic-key";
  private static final List<Map<String, String>> HELLO =
      List.of(Map.of("role", "user", "content", "안녕"));

  @Autowired Tenancy tenancy;

  private Api.Session user;
  private Executions executions;
  private String marker;

  @BeforeEach
  void aWorkspaceWithAPaidAgent() {
    user = api.signUp();
    executions = new Executions(api, user, tenancy, jdbc);
    marker = "#key-" + UUID.randomUUID() + "#";
    // Marked requests are recorded once their marker is known.
    providers.anthropic().when(marker);
    providers.openai().when(marker);
  }

  @Test
  void theWorkspacesAnthropicKeyReplacesTheDeploymentsOnceItIsSet() {
    String agent = executions.agent("keyed", marker);

    invoke(agent);
    String workspaceKey = "sk-ant-workspace-" + UUID.randomUUID();
    putSecret("anthropic_api_key", workspaceKey);
    invoke(agent);

    List<FakeProviders.Received> received = providers.anthropic().when(marker).requests();
    assertThat(received)
        .extracting(WorkspaceProviderKeyIT::key)
        .containsExactly(DEPLOYMENT_ANTHROPIC_KEY, workspaceKey);
    JsonNode accessed = accessed().getFirst();
    assertThat(accessed.get("details").get("name").asString()).isEqualTo("anthropic_api_key");
    assertThat(accessed.get("details").get("purpose").asString()).isEqualTo("llm:anthropic");
    assertThat(accessed.get("details").get("execution_id").isNull()).isTrue();
    assertThat(accessed.get("actor_id").asString()).isEqualTo(user.userId().toString());

    // Another workspace's agents keep the deployment's key.
    var other = api.signUp();
    String otherMarker = "#key-" + UUID.randomUUID() + "#";
    providers.anthropic().when(otherMarker);
    String otherAgent = new Executions(api, other, tenancy, jdbc).agent("keyed", otherMarker);
    var r =
        api.post(
            "/orchestrate/agent/invoke",
            other.token(),
            Map.of("agent_id", otherAgent, "messages", HELLO));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(key(providers.anthropic().when(otherMarker).requests().getFirst()))
        .isEqualTo(DEPLOYMENT_ANTHROPIC_KEY);
  }

  @Test
  void theWorkspacesOpenAiKeyIsSentAsItsBearerToken() {
    var created =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                "gpt",
                "name",
                "GPT",
                "model_provider",
                "openai",
                "model",
                "gpt-4o",
                "system_prompt",
                "You help the key tests. " + marker,
                "parameters",
                Map.of("max_tokens", 256)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String workspaceKey = "sk-proj-workspace-" + UUID.randomUUID();
    putSecret("openai_api_key", workspaceKey);
    // An Anthropic key of the workspace is not the OpenAI one.
    putSecret("anthropic_api_key", "sk-ant-not-for-openai");

    invoke(created.body().get("id").asString());

    assertThat(providers.openai().when(marker).requests().getFirst().header("authorization"))
        .isEqualTo("Bearer " + workspaceKey);
    assertThat(accessed())
        .extracting(e -> e.get("details").get("purpose").asString())
        .containsExactly("llm:openai");
  }

  @Test
  void aRunningExecutionKeepsTheKeyOfItsStartWhenTheKeyIsReplaced() {
    executions.agent("keyed", marker);
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'keyed',
                'prompt': 'go'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'ask'},
                       {'from': 'ask', 'to': 'done'}]}
            """);
    String before = "sk-ant-before-" + UUID.randomUUID();
    String after = "sk-ant-after-" + UUID.randomUUID();
    putSecret("anthropic_api_key", before);

    String first = executions.start(pipeline, Map.of());
    executions.awaitStatus(first, "awaiting_approval");
    putSecret("anthropic_api_key", after);
    assertThat(executions.approve(first, "gate").status()).isEqualTo(200);
    executions.awaitStatus(first, "completed");
    String second = executions.start(pipeline, Map.of());
    executions.awaitStatus(second, "awaiting_approval");
    assertThat(executions.approve(second, "gate").status()).isEqualTo(200);
    executions.awaitStatus(second, "completed");

    assertThat(providers.anthropic().when(marker).requests())
        .extracting(WorkspaceProviderKeyIT::key)
        .containsExactly(before, after);
    assertThat(accessed())
        .extracting(
            e ->
                e.get("details").get("execution_id").asString()
                    + " v"
                    + e.get("details").get("version").asInt())
        .containsExactly(first + " v1", second + " v2");
  }

  @Test
  void aRetryAfterTheKeyIsFixedUsesTheFixedKey() {
    executions.agent("keyed", marker);
    String wrong = "sk-ant-wrong-" + UUID.randomUUID();
    String fixed = "sk-ant-fixed-" + UUID.randomUUID();
    putSecret("anthropic_api_key", wrong);
    providers.anthropic().when(marker).reply(Reply.status(401), Reply.text("이제 됩니다."));
    JsonNode failed =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'keyed',
                'prompt': 'go', 'retry': {'max_attempts': 1, 'backoff_ms': 0}},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'done'}]}
            """,
            Map.of(),
            "failed");

    putSecret("anthropic_api_key", fixed);
    String id = failed.get("id").asString();
    var retried = api.post("/orchestrate/executions/" + id + "/retry", user.token(), Map.of());
    assertThat(retried.status()).as(retried.raw()).isEqualTo(202);
    executions.awaitStatus(id, "completed");

    assertThat(providers.anthropic().when(marker).requests())
        .extracting(WorkspaceProviderKeyIT::key)
        .containsExactly(wrong, fixed);
  }

  @Test
  void aWorkspaceKeyTheProviderRefusesAndEchoesIsShownNowhere() {
    String agent = executions.agent("keyed", marker);
    String workspaceKey = "sk-ant-refused-" + UUID.randomUUID();
    putSecret("anthropic_api_key", workspaceKey);
    providers.anthropic().when(marker).otherwise(Reply.status(401));

    var invoked =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", agent, "messages", HELLO));
    JsonNode failed =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'keyed',
                'prompt': 'go'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'done'}]}
            """,
            Map.of(),
            "failed");

    assertThat(providers.anthropic().when(marker).requests())
        .extracting(WorkspaceProviderKeyIT::key)
        .containsOnly(workspaceKey);
    assertThat(invoked.status()).isEqualTo(502);
    assertThat(invoked.raw()).contains("401").doesNotContain(workspaceKey);
    String stepError = Executions.step(failed, "ask").get("error").toString();
    assertThat(stepError).contains("401").doesNotContain(workspaceKey);
    assertThat(failed.toString()).doesNotContain(workspaceKey);
    assertThat(executions.events(failed.get("id").asString()).toString())
        .doesNotContain(workspaceKey);
  }

  /** The key a request carried: Anthropic's SDK sends it as x-api-key, OpenAI's as a bearer. */
  private static String key(FakeProviders.Received received) {
    String apiKey = received.header("x-api-key");
    return apiKey != null ? apiKey : received.header("authorization").replaceFirst("^Bearer ", "");
  }

  private void invoke(String agentId) {
    var r =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of("agent_id", agentId, "messages", HELLO));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private void putSecret(String name, String value) {
    var r = api.put(user.ws() + "/secrets/" + name, user.token(), Map.of("value", value));
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
  }

  /** The workspace's secret.accessed audit entries, oldest first. */
  private List<JsonNode> accessed() {
    var audit = api.get(user.ws() + "/audit-logs?action=secret.accessed&limit=100", user.token());
    assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
    return audit.body().valueStream().toList().reversed();
  }
}
