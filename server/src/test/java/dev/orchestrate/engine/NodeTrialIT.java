package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /orchestrate/pipeline/try-node: one agent node alone, streamed and charged. */
class NodeTrialIT extends ServiceTest {

  private static final JsonMapper SINGLE_QUOTED =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  @Autowired private Tenancy tenancy;

  private Executions executions;
  private String marker;
  private String pipelineId;

  private static JsonNode graph() {
    return SINGLE_QUOTED.readTree(
        """
        {'entry_point': 'start',
         'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'first', 'type': 'agent_call', 'label': 'First', 'agent_slug': 'trier'},
           {'id': 'second', 'type': 'agent_call', 'label': 'Second', 'agent_slug': 'trier',
            'prompt': 'topic: {{input.topic}} / before: {{steps.first.output}}'},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'first'}, {'from': 'first', 'to': 'second'},
                   {'from': 'second', 'to': 'done'}]}
        """);
  }

  @BeforeEach
  void setUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
    marker = UUID.randomUUID().toString();
    executions.agent("trier", marker);
    pipelineId = executions.pipeline(graph().toString());
  }

  @Test
  void streamsChunksThenDoneWithTheEnginesPromptTokensAndCostAndChargesTheLedger()
      throws Exception {
    providers
        .anthropic()
        .when(marker)
        .reply(Reply.pieces("하나 ", "둘 ", "셋").usage(FakeProviders.usage(1000, 500)));

    List<String> lines =
        stream(
            executions.user().token(),
            Map.of(
                "pipeline_id",
                pipelineId,
                "graph_definition",
                graph(),
                "node_id",
                "second",
                "input",
                Map.of("topic", "rain"),
                "steps",
                Map.of("first", "sunny")));

    assertThat(events(lines)).as(String.join("\n", lines)).startsWith("chunk").endsWith("done");
    String text =
        dataOf(lines, "chunk").stream()
            .map(d -> Api.json().readTree(d))
            .peek(c -> assertThat(c.get("agent_slug").asString()).isEqualTo("trier"))
            .map(c -> c.get("chunk").asString())
            .reduce("", String::concat);
    assertThat(text).isEqualTo("하나 둘 셋");
    JsonNode done = Api.json().readTree(dataOf(lines, "done").getFirst());
    assertThat(done.get("output").asString()).isEqualTo("하나 둘 셋");
    assertThat(done.get("input_tokens").asLong()).isEqualTo(1000);
    assertThat(done.get("output_tokens").asLong()).isEqualTo(500);
    // $3/$15 per million: 1,000 in and 500 out is 14.7 credits (as in InvokeIT).
    assertThat(done.get("cost").decimalValue()).isEqualByComparingTo("14.7");
    // The template rendered as a run renders it, and that is what the model was sent.
    String user = "topic: rain / before: sunny";
    assertThat(done.get("prompt").findValuesAsString("content")).contains(user);
    var sent = providers.anthropic().when(marker).requests().getFirst().body();
    assertThat(sent.get("messages").toString()).contains(user);

    var ledger = api.get(executions.user().ws() + "/credits", executions.user().token()).body();
    var usage =
        ledger
            .get("transactions")
            .valueStream()
            .filter(t -> "usage".equals(t.get("type").asString()))
            .toList();
    assertThat(usage).hasSize(1);
    assertThat(usage.getFirst().get("reference_type").asString()).isEqualTo("node_trial");
    assertThat(usage.getFirst().get("amount").decimalValue()).isEqualByComparingTo("-14.7");
    assertThat(ledger.get("balance").decimalValue()).isEqualByComparingTo("9985.3");
    var audit =
        api.get(
            executions.user().ws() + "/audit-logs?action=pipeline.node_tried",
            executions.user().token());
    assertThat(audit.body().findValuesAsString("node_id")).containsExactly("second");
  }

  @Test
  void withoutAGraphThePipelinesCurrentOneIsTried() throws Exception {
    providers.anthropic().when(marker).reply(Reply.text("좋아요", FakeProviders.usage(10, 3)));

    List<String> lines =
        stream(
            executions.user().token(),
            Map.of("pipeline_id", pipelineId, "node_id", "first", "input", Map.of("topic", "x")));

    assertThat(events(lines)).as(String.join("\n", lines)).endsWith("done");
    // No prompt template: the engine's default prompt, which quotes the input.
    var sent = providers.anthropic().when(marker).requests().getFirst().body();
    assertThat(sent.get("messages").toString()).contains("## 입력 (input)").contains("\\\"topic\\\"");
  }

  @Test
  void aViewerIsRefused() {
    var viewer = api.signUp();
    var added =
        api.post(
            executions.user().ws() + "/members",
            executions.user().token(),
            Map.of("email", viewer.email(), "role", "viewer"));
    assertThat(added.status()).as(added.raw()).isEqualTo(201);

    var r = tryNode(viewer.token(), "second");

    assertThat(r.status()).as(r.raw()).isEqualTo(403);
    assertThat(providers.anthropic().when(marker).requests()).isEmpty();
  }

  @Test
  void anUnknownNodeIsInvalid() {
    var r = tryNode(executions.user().token(), "nowhere");

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path")).containsExactly("node_id");
    assertThat(r.raw()).contains("nowhere");
  }

  @Test
  void aNodeThatIsNotAnAgentCallIsInvalid() {
    var r = tryNode(executions.user().token(), "done");

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path")).containsExactly("node_id");
    assertThat(r.raw()).contains("finalize");
  }

  @Test
  void aMissingUpstreamOutputIsInvalidAndNamesThePath() {
    var r =
        api.post(
            "/orchestrate/pipeline/try-node",
            executions.user().token(),
            Map.of("pipeline_id", pipelineId, "node_id", "second", "input", Map.of("topic", "x")));

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.raw()).contains("steps.first.output");
  }

  @Test
  void aWorkspaceWithoutCreditsIsRefusedBeforeTheModelIsCalled() {
    var owner = executions.user();
    var ws = api.post("/api/workspaces", owner.token(), Map.of("name", "No credits"));
    UUID wsId = UUID.fromString(ws.body().get("id").asString());
    var poor = executions.in(wsId);
    poor.agent("trier", marker);

    var r =
        api.post(
            "/orchestrate/pipeline/try-node",
            owner.token(),
            Map.of(
                "workspace_id",
                wsId,
                "graph_definition",
                graph(),
                "node_id",
                "first",
                "input",
                Map.of("topic", "x")));

    assertThat(r.status()).as(r.raw()).isEqualTo(402);
    assertThat(providers.anthropic().when(marker).requests()).isEmpty();
  }

  private Api.Response tryNode(String token, String nodeId) {
    return api.post(
        "/orchestrate/pipeline/try-node",
        token,
        Map.of(
            "pipeline_id",
            pipelineId,
            "graph_definition",
            graph(),
            "node_id",
            nodeId,
            "input",
            Map.of("topic", "x"),
            "steps",
            Map.of("first", "y")));
  }

  private List<String> stream(String token, Map<String, ?> body) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/orchestrate/pipeline/try-node"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(Api.json().writeValueAsString(body)))
            .build();
    var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().toList();
  }

  private static List<String> events(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("event:"))
        .map(l -> l.substring(6).strip())
        .toList();
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
}
