package dev.orchestrate.engine;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The workspace's list of executions (the web app's history and approvals inbox): each item says
 * what it waits for as its own GET does, and the list filters by a date range.
 */
class ExecutionListIT extends ServiceTest {

  private static final String TWO_GATES =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'gate_a', 'type': 'human_gate', 'label': 'Gate A', 'message': 'A for {{input.topic}}?'},
         {'id': 'gate_b', 'type': 'human_gate', 'label': 'Gate B', 'approvers': ['owner']},
         {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
       'edges': [{'from': 'start', 'to': 'gate_a'}, {'from': 'start', 'to': 'gate_b'},
         {'from': 'gate_a', 'to': 'join'}, {'from': 'gate_b', 'to': 'join'}]}
      """;

  private static final String NO_GATE =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'done'}]}
      """;

  /** Two paid calls in a line: a budget of 6 covers the first (about 5.4), not the second. */
  private static final String PAID_LINE =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'n1', 'type': 'agent_call', 'label': 'One', 'agent_slug': 'writer', 'prompt': 'Step n1'},
         {'id': 'n2', 'type': 'agent_call', 'label': 'Two', 'agent_slug': 'writer', 'prompt': 'Step n2'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'n1'}, {'from': 'n1', 'to': 'n2'}, {'from': 'n2', 'to': 'done'}]}
      """;

  @Autowired private Tenancy tenancy;

  private Executions executions;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
  }

  @Test
  void eachListedExecutionCarriesThePendingApprovalsOfItsOwnView() {
    String twoGates = executions.start(executions.pipeline(TWO_GATES), Map.of("topic", "lists"));
    String cancelledAtGates =
        executions.start(executions.pipeline(TWO_GATES), Map.of("topic", "gone"));
    String budget = startWithBudget(paidLine(), new BigDecimal("6"));
    String finished = executions.start(executions.pipeline(NO_GATE), Map.of());
    await()
        .atMost(Executions.WAIT)
        .until(() -> executions.get(twoGates).get("pending_approvals").size() == 2);
    executions.awaitStatus(cancelledAtGates, "awaiting_approval");
    executions.awaitStatus(budget, "awaiting_approval");
    executions.awaitStatus(finished, "completed");
    var cancel =
        api.post(
            "/orchestrate/executions/" + cancelledAtGates + "/cancel",
            executions.user().token(),
            Map.of());
    assertThat(cancel.status()).as(cancel.raw()).isEqualTo(202);
    executions.awaitStatus(cancelledAtGates, "cancelled");

    List<JsonNode> listed = list("");

    assertThat(listed).extracting(e -> e.get("id").asString()).hasSize(4);
    for (JsonNode item : listed) {
      String id = item.get("id").asString();
      assertThat(item.get("pending_approvals"))
          .as("the list's pending approvals of %s", id)
          .isEqualTo(executions.get(id).get("pending_approvals"));
    }
    JsonNode gates = byId(listed, twoGates).get("pending_approvals");
    assertThat(gates.findValuesAsString("node_id")).containsExactly("gate_a", "gate_b");
    assertThat(gates.findValuesAsString("message")).contains("A for lists?");
    assertThat(gates.get(1).get("approvers").get(0).asString()).isEqualTo("owner");
    JsonNode asked = byId(listed, budget).get("pending_approvals");
    assertThat(asked.findValuesAsString("kind")).containsExactly("budget");
    assertThat(asked.get(0).get("needed").decimalValue()).isPositive();
    assertThat(byId(listed, cancelledAtGates).get("pending_approvals")).isEmpty();
    assertThat(byId(listed, finished).get("pending_approvals")).isEmpty();
    // The approvals inbox asks for the waiting ones (and the running ones, which may wait already)
    // in one request, and gets what they wait for.
    assertThat(list("status=running,awaiting_approval"))
        .extracting(e -> e.get("id").asString())
        .containsExactlyInAnyOrder(twoGates, budget);
    assertThat(list("status=awaiting_approval"))
        .extracting(e -> e.get("pending_approvals").size())
        .containsExactlyInAnyOrder(2, 1);
  }

  @Test
  void fromAndToKeepTheExecutionsCreatedInThatRangeAndPagesStayInIt() {
    String pipeline = executions.pipeline(NO_GATE);
    for (int i = 0; i < 4; i++) {
      executions.awaitStatus(executions.start(pipeline, Map.of()), "completed");
    }
    List<JsonNode> all = list("");
    List<Instant> created =
        all.stream().map(e -> Instant.parse(e.get("created_at").asString())).toList();
    assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // Newest first: [3] is the oldest; keep [2] and [1], not [0] (to is exclusive) nor [3].
    String from = created.get(2).toString();
    String to = created.get(0).toString();

    List<JsonNode> ranged = list("from=" + encode(from) + "&to=" + encode(to));

    assertThat(ranged)
        .extracting(e -> e.get("id").asString())
        .containsExactly(all.get(1).get("id").asString(), all.get(2).get("id").asString());
    var firstPage =
        api.get(
            executions.user().ws()
                + "/executions?limit=1&from="
                + encode(from)
                + "&to="
                + encode(to),
            executions.user().token());
    String cursor = firstPage.headers().firstValue("X-Next-Cursor").orElseThrow();
    assertThat(list("limit=1&cursor=" + cursor + "&from=" + encode(from) + "&to=" + encode(to)))
        .extracting(e -> e.get("id").asString())
        .containsExactly(all.get(2).get("id").asString());
    // An offset other than Z names the same instant.
    String inSeoul = created.get(2).atOffset(java.time.ZoneOffset.ofHours(9)).toString();
    assertThat(list("from=" + encode(inSeoul) + "&to=" + encode(to))).hasSize(2);
  }

  @Test
  void aBadRangeIsRefusedWithEveryProblemListed() {
    var response =
        api.get(
            executions.user().ws() + "/executions?from=yesterday&to=2026-13-01&limit=0",
            executions.user().token());
    assertThat(response.status()).as(response.raw()).isEqualTo(422);
    assertThat(response.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("from", "to", "limit");

    var unknownStatus =
        api.get(
            executions.user().ws() + "/executions?status=running,asleep",
            executions.user().token());
    assertThat(unknownStatus.status()).as(unknownStatus.raw()).isEqualTo(422);
    assertThat(unknownStatus.body().get("errors").findValuesAsString("path"))
        .containsExactly("status");

    var backwards =
        api.get(
            executions.user().ws()
                + "/executions?from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z",
            executions.user().token());
    assertThat(backwards.status()).as(backwards.raw()).isEqualTo(422);
    assertThat(backwards.body().get("errors").findValuesAsString("path")).containsExactly("to");
  }

  // ------------------------------------------------------------------ helpers

  private String paidLine() {
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("writer", marker);
    providers.anthropic().when(marker).otherwise(Reply.text("ok", usage(10, 256)));
    return executions.pipeline(PAID_LINE);
  }

  private String startWithBudget(String pipelineId, BigDecimal budget) {
    var started =
        api.post(
            "/orchestrate/pipeline/start",
            executions.user().token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of(), "budget", budget));
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    return started.body().get("execution_id").asString();
  }

  private List<JsonNode> list(String query) {
    Api.Response response =
        api.get(executions.user().ws() + "/executions?" + query, executions.user().token());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body().valueStream().toList();
  }

  private static JsonNode byId(List<JsonNode> executions, String id) {
    return executions.stream()
        .filter(e -> e.get("id").asString().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + executions));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
