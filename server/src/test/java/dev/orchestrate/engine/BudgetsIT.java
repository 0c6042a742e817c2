package dev.orchestrate.engine;

import static dev.orchestrate.engine.Executions.statuses;
import static dev.orchestrate.engine.Executions.step;
import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Per-run budgets through the HTTP API over real PostgreSQL, the model calls answered by the fake
 * Anthropic. Every call of these tests reports 10 input tokens and all of its 256 output tokens, so
 * it costs {@link #CALL} credits, close to its maximum ({@link #max}): a budget of {@link
 * #TWO_CALLS} covers two calls of a line and not a third.
 */
class BudgetsIT extends ServiceTest {

  /** 10 tokens in at $3 and 256 out at $15 a million, at 1,400 credits a dollar. */
  static final BigDecimal CALL = new BigDecimal("5.418");

  /** Covers a first call and the maximum of a second (about 11.2), not the third after two. */
  static final BigDecimal TWO_CALLS = new BigDecimal("14");

  private static final String LINE =
      """
      {%s 'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'n1', 'type': 'agent_call', 'label': 'One', 'agent_slug': 'writer', 'prompt': 'Step n1'},
         {'id': 'n2', 'type': 'agent_call', 'label': 'Two', 'agent_slug': 'writer', 'prompt': 'Step n2'},
         {'id': 'n3', 'type': 'agent_call', 'label': 'Three', 'agent_slug': 'writer', 'prompt': 'Step n3'},
         {'id': 'n4', 'type': 'agent_call', 'label': 'Four', 'agent_slug': 'writer', 'prompt': 'Step n4'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'n1'}, {'from': 'n1', 'to': 'n2'}, {'from': 'n2', 'to': 'n3'},
                 {'from': 'n3', 'to': 'n4'}, {'from': 'n4', 'to': 'done'}]}
      """;

  @Autowired private Tenancy tenancy;

  private Executions executions;
  private String marker;
  private Marked writer;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
    marker = "marker-" + UUID.randomUUID();
    executions.agent("writer", marker);
    writer = providers.anthropic().when(marker).otherwise(Reply.text("ok", usage(10, 256)));
  }

  @Test
  void aRunWhoseBudgetCoversTwoOfFourCallsPausesBeforeTheThirdAndARaiseFinishesIt() {
    String id = start(executions.pipeline(LINE.formatted("")), TWO_CALLS);

    JsonNode paused = executions.awaitStatus(id, "awaiting_approval");

    BigDecimal spent = CALL.multiply(BigDecimal.TWO);
    assertThat(statuses(paused))
        .containsEntry("n1", "completed")
        .containsEntry("n2", "completed")
        .containsEntry("n3", "awaiting_approval")
        .containsEntry("n4", "pending");
    assertThat(writer.requests()).hasSize(2);
    assertThat(paused.get("budget").decimalValue()).isEqualByComparingTo(TWO_CALLS);
    assertThat(paused.get("spent").decimalValue()).isEqualByComparingTo(spent);
    assertThat(step(paused, "n1").get("cost").decimalValue()).isEqualByComparingTo(CALL);
    JsonNode pending = paused.get("pending_approvals").get(0);
    assertThat(pending.get("node_id").asString()).isEqualTo("n3");
    assertThat(pending.get("kind").asString()).isEqualTo("budget");
    assertThat(pending.get("spent").decimalValue()).isEqualByComparingTo(spent);
    assertThat(pending.get("budget").decimalValue()).isEqualByComparingTo(TWO_CALLS);
    assertThat(pending.get("needed").decimalValue()).isEqualByComparingTo(max("Step n3"));
    JsonNode asked = only(ofType(executions.events(id), "approval_required"));
    assertThat(asked.get("node_id").asString()).isEqualTo("n3");
    assertThat(asked.get("kind").asString()).isEqualTo("budget");
    assertThat(asked.get("spent").decimalValue()).isEqualByComparingTo(spent);
    assertThat(asked.get("budget").decimalValue()).isEqualByComparingTo(TWO_CALLS);
    assertThat(asked.get("needed").decimalValue()).isEqualByComparingTo(max("Step n3"));
    assertThat(ofType(executions.events(id), "credits_charged"))
        .extracting(e -> e.get("spent").decimalValue(), e -> e.get("budget").decimalValue())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CALL, TWO_CALLS),
            org.assertj.core.groups.Tuple.tuple(spent, TWO_CALLS));

    // Still short: it pauses again and says so anew, having called nothing.
    assertThat(raise(id, "15").status()).isEqualTo(200);
    await()
        .atMost(Executions.WAIT)
        .until(() -> ofType(executions.events(id), "approval_required").size() == 2);
    executions.awaitStatus(id, "awaiting_approval");
    assertThat(writer.requests()).hasSize(2);

    var raised = raise(id, "30");
    assertThat(raised.status()).as(raised.raw()).isEqualTo(200);
    assertThat(raised.body().get("budget").decimalValue()).isEqualByComparingTo("30");
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(writer.requests()).hasSize(4);
    for (String node : List.of("n1", "n2", "n3", "n4")) {
      assertThat(writer.requests())
          .as("requests for %s", node)
          .filteredOn(r -> r.body().toString().contains("Step " + node))
          .hasSize(1);
      assertThat(executions.runs(id)).filteredOn(r -> r.nodeId().equals(node)).hasSize(1);
    }
    List<JsonNode> usage = executions.usageCharges(id);
    BigDecimal charged =
        usage.stream()
            .map(u -> u.get("amount").decimalValue().negate())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(usage).hasSize(4);
    assertThat(charged).isEqualByComparingTo(CALL.multiply(BigDecimal.valueOf(4)));
    assertThat(done.get("total_cost").decimalValue()).isEqualByComparingTo(charged);
    assertThat(done.get("spent").decimalValue()).isEqualByComparingTo(charged);
    assertThat(done.get("pending_approvals")).isEmpty();
    assertThat(reservedAgainstTheBudget(id)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void rejectingABudgetApprovalFailsTheExecutionWithBudgetExceeded() {
    String id = start(executions.pipeline(LINE.formatted("")), TWO_CALLS);
    executions.awaitStatus(id, "awaiting_approval");

    var rejected = executions.reject(id, "n3");

    assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
    JsonNode failed = executions.awaitStatus(id, "failed");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("budget_exceeded");
    assertThat(failed.get("error").get("node_id").asString()).isEqualTo("n3");
    assertThat(step(failed, "n3").get("error").get("code").asString()).isEqualTo("budget_exceeded");
    assertThat(statuses(failed)).containsEntry("n4", "pending");
    assertThat(writer.requests()).hasSize(2);
    assertThat(ofType(executions.events(id), "approval_resolved"))
        .extracting(e -> e.get("kind").asString(), e -> e.get("decision").asString())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("budget", "rejected"));
  }

  @Test
  void approvingABudgetApprovalIsAConflictForItIsGrantedByRaisingTheBudget() {
    String id = start(executions.pipeline(LINE.formatted("")), TWO_CALLS);
    executions.awaitStatus(id, "awaiting_approval");

    assertThat(executions.approve(id, "n3").status()).isEqualTo(409);
    assertThat(executions.reject(id, "n2").status()).as("not waiting").isEqualTo(409);
    assertThat(executions.get(id).get("status").asString()).isEqualTo("awaiting_approval");
  }

  @Test
  void aPipelineThatFailsOnItsBudgetFailsAtOnceWithoutRetrying() {
    String id = start(executions.pipeline(LINE.formatted("'on_budget': 'fail',")), TWO_CALLS);

    JsonNode failed = executions.awaitStatus(id, "failed");

    assertThat(failed.get("error").get("code").asString()).isEqualTo("budget_exceeded");
    JsonNode third = step(failed, "n3");
    assertThat(third.get("status").asString()).isEqualTo("failed");
    assertThat(third.get("attempt").asInt()).isEqualTo(1);
    assertThat(third.get("error").get("code").asString()).isEqualTo("budget_exceeded");
    assertThat(ofType(executions.events(id), "step_failed"))
        .extracting(e -> e.get("will_retry").asBoolean())
        .containsExactly(false);
    assertThat(ofType(executions.events(id), "approval_required")).isEmpty();
    assertThat(writer.requests()).hasSize(2);
    assertThat(failed.get("spent").decimalValue()).isLessThanOrEqualTo(TWO_CALLS);
  }

  @Test
  void parallelBranchesNeverSpendPastTheBudgetTogether() {
    writer.otherwise(Reply.text("ok", usage(10, 256)).pacing(Duration.ofMillis(40)));
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'b1', 'type': 'agent_call', 'label': 'B1', 'agent_slug': 'writer', 'prompt': 'Step b1'},
               {'id': 'b2', 'type': 'agent_call', 'label': 'B2', 'agent_slug': 'writer', 'prompt': 'Step b2'},
               {'id': 'b3', 'type': 'agent_call', 'label': 'B3', 'agent_slug': 'writer', 'prompt': 'Step b3'},
               {'id': 'b4', 'type': 'agent_call', 'label': 'B4', 'agent_slug': 'writer', 'prompt': 'Step b4'},
               {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
             'edges': [{'from': 'start', 'to': 'b1'}, {'from': 'start', 'to': 'b2'},
                       {'from': 'start', 'to': 'b3'}, {'from': 'start', 'to': 'b4'},
                       {'from': 'b1', 'to': 'join'}, {'from': 'b2', 'to': 'join'},
                       {'from': 'b3', 'to': 'join'}, {'from': 'b4', 'to': 'join'}]}
            """);
    // Two maxima and a half: two branches run at once, the others wait for them, then fall short.
    BigDecimal budget =
        max("Step b1").multiply(new BigDecimal("2.5")).setScale(4, RoundingMode.DOWN);

    String id = start(pipeline, budget);
    JsonNode paused = executions.awaitStatus(id, "awaiting_approval");

    assertThat(paused.get("spent").decimalValue())
        .isEqualByComparingTo(CALL.multiply(BigDecimal.TWO))
        .isLessThanOrEqualTo(budget);
    assertThat(writer.requests()).hasSize(2);
    assertThat(statuses(paused).values()).filteredOn("awaiting_approval"::equals).hasSize(2);
    assertThat(paused.get("pending_approvals"))
        .extracting(p -> p.get("kind").asString())
        .containsExactly("budget", "budget");

    assertThat(raise(id, "100").status()).isEqualTo(200);
    JsonNode done = executions.awaitStatus(id, "completed");
    assertThat(writer.requests()).hasSize(4);
    assertThat(done.get("spent").decimalValue())
        .isEqualByComparingTo(CALL.multiply(BigDecimal.valueOf(4)));
    assertThat(executions.usageCharges(id)).hasSize(4);
    assertThat(reservedAgainstTheBudget(id)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void aToolUsingNodeSetsEveryRoundAsideAndStopsRatherThanPassTheBudgetWhenALaterRoundGrows() {
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'search', 'type': 'agent_call', 'label': 'Search', 'agent_slug': 'writer',
                'prompt': 'Find grants', 'tools': [{'mcp': 'firecrawl', 'tool': 'firecrawl_search'}],
                'max_tool_rounds': 2}],
             'edges': [{'from': 'start', 'to': 'search'}]}
            """);
    String id = start(pipeline, BigDecimal.ONE);
    JsonNode paused = executions.awaitStatus(id, "awaiting_approval");
    BigDecimal needed = paused.get("pending_approvals").get(0).get("needed").decimalValue();
    BigDecimal perRound = needed.divide(BigDecimal.TWO);
    assertThat(perRound).as("the tools' definitions count").isGreaterThan(max("Find grants"));
    assertThat(writer.requests()).isEmpty();

    // The first round costs all it may (its prompt's estimate, all of max_tokens); the second
    // sends the tool's result too, so its maximum passes what is left of the node's share.
    long promptTokens =
        perRound
            .subtract(new BigDecimal("5.376"))
            .divide(new BigDecimal("0.0042"))
            .longValueExact();
    Reply search =
        Reply.toolUse("toolu_1", "firecrawl__firecrawl_search", "{\"query\": \"grants\"}")
            .usage(usage(promptTokens, 256));
    writer.reply(search);
    assertThat(raise(id, needed.toPlainString()).status()).isEqualTo(200);
    JsonNode failed = executions.awaitStatus(id, "failed");

    assertThat(step(failed, "search").get("error").get("code").asString())
        .isEqualTo("budget_exceeded");
    assertThat(writer.requests()).as("the second round was never called").hasSize(1);
    assertThat(failed.get("spent").decimalValue()).isEqualByComparingTo(perRound);
    assertThat(reservedAgainstTheBudget(id)).isEqualByComparingTo(BigDecimal.ZERO);

    // With room in the budget the node's share grows for the longer round, and the node ends.
    writer.reply(search);
    BigDecimal roomy = needed.add(new BigDecimal("100"));
    String second = start(pipeline, roomy);
    JsonNode done = executions.awaitStatus(second, "completed");
    assertThat(writer.requests()).hasSize(3);
    assertThat(done.get("spent").decimalValue()).isEqualByComparingTo(perRound.add(CALL));
    assertThat(reservedAgainstTheBudget(second)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void thePipelinesDefaultBudgetAppliesAndTheStartsOverridesIt() {
    String pipeline = executions.pipeline(LINE.formatted("'budget': 14,"));

    String byDefault = executions.start(pipeline, Map.of());
    String overridden = start(pipeline, new BigDecimal("1000"));

    assertThat(executions.awaitStatus(byDefault, "awaiting_approval").get("budget").decimalValue())
        .isEqualByComparingTo(TWO_CALLS);
    assertThat(executions.awaitStatus(overridden, "completed").get("budget").decimalValue())
        .isEqualByComparingTo("1000");
  }

  @Test
  void aRunWithoutBudgetIsUnlimited() {
    JsonNode done = executions.run(LINE.formatted(""), Map.of(), "completed");

    assertThat(done.get("budget").isNull()).isTrue();
    assertThat(done.get("spent").decimalValue())
        .isEqualByComparingTo(CALL.multiply(BigDecimal.valueOf(4)));
    assertThat(ofType(executions.events(done.get("id").asString()), "credits_charged"))
        .allSatisfy(e -> assertThat(e.get("budget").isNull()).isTrue());
  }

  @Test
  void aPipelineWhoseBudgetFieldsAreWrongIsNotSavedAndEachIsNamed() {
    var refused =
        api.post(
            executions.user().ws() + "/pipelines",
            executions.user().token(),
            Map.of(
                "slug",
                "over",
                "name",
                "Over",
                "graph_definition",
                Api.json()
                    .readTree(
                        LINE.formatted("'budget': 0.00001, 'on_budget': 'later',")
                            .replace('\'', '"'))));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("budget", "on_budget");
  }

  @Test
  void aBudgetMustBeAPositiveAmountWithAtMostFourDecimals() {
    String pipeline = executions.pipeline(LINE.formatted(""));
    for (Object bad : List.of(0, -5, new BigDecimal("1.00001"), new BigDecimal("1000000001"))) {
      var refused = tryStart(pipeline, bad);
      assertThat(refused.status()).as("%s: %s", bad, refused.raw()).isEqualTo(422);
      assertThat(refused.raw()).contains("budget");
    }
    assertThat(tryStart(pipeline, "plenty").status()).isEqualTo(400);

    String id = start(pipeline, TWO_CALLS);
    executions.awaitStatus(id, "awaiting_approval");
    var notAboveSpent = raise(id, "10.836");
    assertThat(notAboveSpent.status()).as(notAboveSpent.raw()).isEqualTo(422);
    assertThat(notAboveSpent.raw()).contains("budget", "10.836");
    assertThat(raise(id, "-1").status()).isEqualTo(422);
    assertThat(
            api.post(
                    "/orchestrate/executions/" + id + "/budget",
                    executions.user().token(),
                    Map.of())
                .status())
        .isEqualTo(422);
  }

  @Test
  void onlyAnOwnerOrAdminMayRaiseABudgetAndOnlyWhileTheRunWaitsForOne() {
    String id = start(executions.pipeline(LINE.formatted("")), TWO_CALLS);
    executions.awaitStatus(id, "awaiting_approval");
    for (String role : List.of("viewer", "member")) {
      var other = api.signUp();
      var added =
          api.post(
              executions.user().ws() + "/members",
              executions.user().token(),
              Map.of("email", other.email(), "role", role));
      assertThat(added.status()).as(added.raw()).isEqualTo(201);

      assertThat(raise(id, "100", other.token()).status()).as(role).isEqualTo(403);
      assertThat(executions.decide(id, "reject", "n3", other.token()).status())
          .as(role)
          .isEqualTo(403);
    }
    assertThat(raise(id, "100", api.signUp().token()).status()).as("a stranger").isEqualTo(404);
    assertThat(executions.get(id).get("status").asString()).isEqualTo("awaiting_approval");

    assertThat(raise(id, "100").status()).isEqualTo(200);
    executions.awaitStatus(id, "completed");
    assertThat(raise(id, "200").status()).as("the run ended").isEqualTo(409);
    String atAGate =
        start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'}],
                 'edges': [{'from': 'start', 'to': 'gate'}]}
                """),
            TWO_CALLS);
    executions.awaitStatus(atAGate, "awaiting_approval");
    assertThat(raise(atAGate, "200").status())
        .as("waits for a person, not a budget")
        .isEqualTo(409);
  }

  @Test
  void cancellingARunThatWaitsForItsBudgetEndsIt() {
    String id = start(executions.pipeline(LINE.formatted("")), TWO_CALLS);
    executions.awaitStatus(id, "awaiting_approval");

    var cancelled =
        api.post("/orchestrate/executions/" + id + "/cancel", executions.user().token(), Map.of());

    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    JsonNode ended = executions.awaitStatus(id, "cancelled");
    assertThat(ended.get("pending_approvals")).isEmpty();
    assertThat(raise(id, "100").status()).isEqualTo(409);
    assertThat(writer.requests()).hasSize(2);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The most one call of the writer may cost with {@code prompt}: its prompt's characters (system
   * prompt, 8 per message, the prompt) at the input price and all 256 output tokens at the output
   * price, as the engine reserves.
   */
  private BigDecimal max(String prompt) {
    long chars = ("You help the engine tests. " + marker).length() + 8 + prompt.length();
    return BigDecimal.valueOf(chars * 3 + 256 * 15)
        .multiply(BigDecimal.valueOf(1400))
        .movePointLeft(6);
  }

  private Api.Response tryStart(String pipelineId, Object budget) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pipeline_id", pipelineId);
    body.put("input", Map.of());
    body.put("budget", budget);
    return api.post("/orchestrate/pipeline/start", executions.user().token(), body);
  }

  private String start(String pipelineId, BigDecimal budget) {
    var started = tryStart(pipelineId, budget);
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    return started.body().get("execution_id").asString();
  }

  private Api.Response raise(String id, String budget) {
    return raise(id, budget, executions.user().token());
  }

  private Api.Response raise(String id, String budget, String token) {
    return api.post(
        "/orchestrate/executions/" + id + "/budget",
        token,
        Map.of("budget", new BigDecimal(budget)));
  }

  private BigDecimal reservedAgainstTheBudget(String id) {
    return tenancy.inSystemTransaction(
        "test reads the budget",
        () ->
            jdbc.sql(
                    """
                    SELECT e.budget_reserved + coalesce(sum(s.budget_reserved), 0)
                    FROM pipeline_executions e LEFT JOIN pipeline_steps s ON s.execution_id = e.id
                    WHERE e.id = ? GROUP BY e.budget_reserved
                    """)
                .param(UUID.fromString(id))
                .query(BigDecimal.class)
                .single());
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asString().equals(type)).toList();
  }

  private static JsonNode only(List<JsonNode> nodes) {
    assertThat(nodes).hasSize(1);
    return nodes.getFirst();
  }
}
