package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The estimate's maximum bounds what runs really spend, node by node, when every model call reports
 * usage as large as its request allows; its typical cost comes from the runs that completed.
 */
class CostEstimateIT extends ServiceTest {

  private static final String MODEL = "claude-sonnet-4-20250514";

  @Autowired private Tenancy tenancy;

  @Test
  void theMaximumIsNeverBelowWhatTheDemoPipelinesSpendNodeByNode() throws IOException {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    String marker = "estimate-" + UUID.randomUUID();
    for (JsonNode agent : api.get(user.ws() + "/agents", user.token()).body()) {
      var patched =
          api.patch(
              user.ws() + "/agents/" + agent.get("id").asString(),
              user.token(),
              Map.of(
                  "model_provider",
                  "anthropic",
                  "model",
                  MODEL,
                  "system_prompt",
                  agent.get("system_prompt").asString() + "\n" + marker));
      assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    }
    providers.anthropic().when(marker).otherwise(Reply.largest());

    for (String slug :
        List.of("grant_factory", "auto_healing", "document_verify", "osmu_marketing")) {
      JsonNode sample = demo(slug).get("sample_input");
      String pipelineId = api.pipelineId(user, slug);
      JsonNode estimate = estimate(user, pipelineId, sample);

      JsonNode done = runToEnd(executions, executions.start(pipelineId, toMap(sample)));

      assertThat(done.get("status").asString()).as(slug).isEqualTo("completed");
      assertWithinEstimate(slug, estimate, done);
      if (slug.equals("auto_healing")) {
        // Its first nodes read only the alert and earlier answers: when every call is as large as
        // allowed, each of the three attempts the maximum counts costs exactly what the one did.
        for (String nodeId : List.of("diagnose", "plan_recovery", "review_plan")) {
          assertThat(node(estimate, nodeId).get("max").decimalValue())
              .as(nodeId)
              .isEqualByComparingTo(
                  Executions.step(done, nodeId)
                      .get("cost")
                      .decimalValue()
                      .multiply(BigDecimal.valueOf(3)));
        }
      }
    }
  }

  @Test
  void theMaximumBoundsAToolUsingAgentsRounds() {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    String marker = "tools-" + UUID.randomUUID();
    executions.agent("searcher", marker);
    Reply search =
        Reply.largestToolUse("call-1", "firecrawl__firecrawl_search", "{\"query\":\"AI 솔루션\"}");
    providers
        .anthropic()
        .when(marker)
        .reply(search, search, search, search)
        .otherwise(Reply.largest());
    String pipelineId =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'search', 'type': 'agent_call', 'label': 'Search', 'agent_slug': 'searcher',
                'prompt': 'Find announcements about {{input.topic}}',
                'tools': [{'mcp': 'firecrawl', 'tool': 'firecrawl_search'}]},
               {'id': 'summary', 'type': 'agent_call', 'label': 'Summary', 'agent_slug': 'searcher',
                'prompt': 'Summarize: {{steps.search.output}}'}],
             'edges': [{'from': 'start', 'to': 'search'}, {'from': 'search', 'to': 'summary'}]}
            """);
    JsonNode estimate = estimate(user, pipelineId, Api.json().valueToTree(Map.of("topic", "AI")));

    JsonNode done = runToEnd(executions, executions.start(pipelineId, Map.of("topic", "AI")));

    assertThat(done.get("status").asString()).isEqualTo("completed");
    JsonNode searched = Executions.step(done, "search");
    assertThat(searched.get("model_calls")).hasSize(5);
    assertThat(searched.get("tool_calls")).hasSize(4);
    assertThat(node(estimate, "search").get("calls").asLong()).isEqualTo(15);
    assertWithinEstimate("tools", estimate, done);
  }

  @Test
  void aSimulatedRunsMaximumIsItsFeesTimesAttemptsAndTheTypicalCostAppearsAfterARun() {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    String pipelineId = api.pipelineId(user, "grant_factory");
    JsonNode input = Api.json().valueToTree(Map.of("query", "AI 솔루션"));

    JsonNode before = estimate(user, pipelineId, input);
    // optimist 20 + critic 20, blog 40, realist 30; three attempts each by default.
    assertThat(before.get("max").decimalValue()).isEqualByComparingTo("330");
    assertThat(node(before, "analyze_eligibility").get("max").decimalValue())
        .isEqualByComparingTo("120");
    assertThat(node(before, "analyze_eligibility").get("calls").asLong()).isEqualTo(6);
    assertThat(node(before, "review_documents").get("max").decimalValue())
        .isEqualByComparingTo("90");
    assertThat(before.get("typical").isNull()).isTrue();
    assertThat(before.get("typical_runs").asInt()).isZero();
    assertThat(before.get("currency").asString()).isEqualTo("KRW");
    assertThat(before.get("nodes").findValuesAsString("node_id"))
        .containsExactly("analyze_eligibility", "generate_documents", "review_documents");
    assertThat(before.get("nodes")).allSatisfy(n -> assertThat(n.get("typical").isNull()).isTrue());

    JsonNode done =
        executions.awaitStatus(
            executions.start(pipelineId, Map.of("query", "AI 솔루션")), "completed");

    JsonNode after = estimate(user, pipelineId, input);
    assertThat(after.get("typical_runs").asInt()).isEqualTo(1);
    assertThat(after.get("typical").decimalValue())
        .isEqualByComparingTo(done.get("total_cost").decimalValue())
        .isEqualByComparingTo("110");
    assertThat(node(after, "analyze_eligibility").get("typical").decimalValue())
        .isEqualByComparingTo("40");
    assertThat(node(after, "generate_documents").get("typical").decimalValue())
        .isEqualByComparingTo("40");
    assertThat(after.get("max")).isEqualTo(before.get("max"));
  }

  @Test
  void refusesAnInputTheValidationNodeWouldRefuseWithItsPaths() {
    var user = api.signUp();
    String pipelineId = api.pipelineId(user, "grant_factory");

    var tooShort =
        api.post(
            "/orchestrate/pipeline/estimate",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of("query", "A")));
    assertThat(tooShort.status()).as(tooShort.raw()).isEqualTo(422);
    assertThat(tooShort.body().get("errors").findValuesAsString("path"))
        .containsExactly("input.query");

    var missing =
        api.post(
            "/orchestrate/pipeline/estimate",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of("company_profile", "x")));
    assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
    assertThat(missing.body().get("errors").findValuesAsString("path")).containsExactly("input");

    var notAnObject =
        api.post(
            "/orchestrate/pipeline/estimate",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", List.of(1)));
    assertThat(notAnObject.status()).isEqualTo(422);
    assertThat(notAnObject.body().get("errors").findValuesAsString("path"))
        .containsExactly("input");

    var noPipeline =
        api.post("/orchestrate/pipeline/estimate", user.token(), Map.of("input", Map.of()));
    assertThat(noPipeline.status()).isEqualTo(422);
    assertThat(
            api.post(
                    "/orchestrate/pipeline/estimate",
                    api.signUp().token(),
                    Map.of("pipeline_id", pipelineId, "input", Map.of("query", "AI 솔루션")))
                .status())
        .isEqualTo(404);
  }

  /** Every paid node spent no more than its maximum, and the run no more than the total. */
  private static void assertWithinEstimate(String what, JsonNode estimate, JsonNode done) {
    BigDecimal spent = BigDecimal.ZERO;
    for (JsonNode step : done.get("steps")) {
      if (!step.get("type").asString().equals("agent_call")) {
        continue;
      }
      BigDecimal cost = step.get("cost").decimalValue();
      assertThat(cost).as(what + " " + step.get("node_id")).isPositive();
      assertThat(node(estimate, step.get("node_id").asString()).get("max").decimalValue())
          .as(what + ": the maximum of " + step.get("node_id"))
          .isGreaterThanOrEqualTo(cost);
      spent = spent.add(cost);
    }
    assertThat(spent).as(what).isEqualByComparingTo(done.get("total_cost").decimalValue());
    assertThat(estimate.get("max").decimalValue()).as(what).isGreaterThanOrEqualTo(spent);
  }

  /** Waits for the run to end, approving every gate that waits on the way. */
  private JsonNode runToEnd(Executions executions, String id) {
    return await()
        .atMost(Executions.WAIT.multipliedBy(3))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode now = executions.get(id);
              for (JsonNode pending : now.get("pending_approvals")) {
                executions.approve(id, pending.get("node_id").asString());
              }
              return now;
            },
            e -> ExecutionStatus.of(e.get("status").asString()).terminal());
  }

  private JsonNode estimate(Api.Session user, String pipelineId, JsonNode input) {
    Map<String, Object> body = new HashMap<>();
    body.put("pipeline_id", pipelineId);
    body.put("input", input);
    var r = api.post("/orchestrate/pipeline/estimate", user.token(), body);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  private static JsonNode node(JsonNode estimate, String nodeId) {
    return estimate
        .get("nodes")
        .valueStream()
        .filter(n -> n.get("node_id").asString().equals(nodeId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no estimate for " + nodeId + ": " + estimate));
  }

  private static JsonNode demo(String slug) throws IOException {
    try (InputStream in =
        CostEstimateIT.class.getResourceAsStream("/demo/pipelines/" + slug + ".json")) {
      return Api.json().readTree(in);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> toMap(JsonNode value) {
    return Api.json().treeToValue(value, Map.class);
  }
}
