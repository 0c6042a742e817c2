package dev.orchestrate.engine;

import static dev.orchestrate.engine.Executions.statuses;
import static dev.orchestrate.engine.Executions.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The engine's running order and failure semantics, through the HTTP API over real PostgreSQL, with
 * the model calls answered by the fake Anthropic. Every test scripts the fake only for its own
 * agents' marker, so executions of other tests never take its answers.
 */
class EngineSemanticsIT extends ServiceTest {

  @Autowired private Tenancy tenancy;

  private Executions executions;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
  }

  /** A new agent, and the fake's script for its requests alone. */
  private Marked agent(String slug) {
    String marker = "marker-" + UUID.randomUUID();
    executions.agent(slug, marker);
    return providers.anthropic().when(marker);
  }

  // ------------------------------------------------------------------ running order

  @Test
  void aLinearGraphRunsOneNodePerSuperstepAndFinalizesItsOutput() {
    Marked writer = agent("writer").reply(Reply.text("선형 결과"));

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'check', 'type': 'validation', 'label': 'Check',
                'schema': {'type': 'object', 'required': ['topic']}},
               {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'writer',
                'prompt': 'Write about {{input.topic}}'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done',
                'output': {'text': '{{steps.write.output}}', 'topic': '{{input.topic}}'}}],
             'edges': [{'from': 'start', 'to': 'check'}, {'from': 'check', 'to': 'write'},
                       {'from': 'write', 'to': 'done'}]}
            """,
            Map.of("topic", "engines"),
            "completed");

    assertThat(statuses(done)).containsOnlyKeys("start", "check", "write", "done");
    assertThat(statuses(done).values()).containsOnly("completed");
    assertThat(executions.supersteps(id(done))).containsExactly("start", "check", "write", "done");
    assertThat(done.get("output").get("text").asString()).isEqualTo("선형 결과");
    assertThat(done.get("output").get("topic").asString()).isEqualTo("engines");
    assertThat(writer.requests()).hasSize(1);
    assertThat(writer.requests().getFirst().body().toString()).contains("Write about engines");
    assertThat(done.get("total_cost").decimalValue()).isPositive();
  }

  @Test
  void aFanOutRunsItsBranchesInOneSuperstepAndTheJoinOnceAfterBoth() {
    agent("helper");

    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'a1', 'type': 'agent_call', 'label': 'A1', 'agent_slug': 'helper'},
                   {'id': 'a2', 'type': 'agent_call', 'label': 'A2', 'agent_slug': 'helper'},
                   {'id': 'b', 'type': 'agent_call', 'label': 'B', 'agent_slug': 'helper'},
                   {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
                 'edges': [{'from': 'start', 'to': 'a1'}, {'from': 'a1', 'to': 'a2'},
                           {'from': 'a2', 'to': 'join'}, {'from': 'start', 'to': 'b'},
                           {'from': 'b', 'to': 'join'}]}
                """),
            Map.of("topic", "fan"));
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(executions.supersteps(id)).containsExactly("start", "a1,b", "a2", "join");
    assertThat(executions.runs(id)).filteredOn(r -> r.nodeId().equals("join")).hasSize(1);
    List<JsonNode> events = executions.events(id);
    long joinStarted = executions.seqOf(events, "step_start", "join");
    assertThat(joinStarted)
        .isGreaterThan(executions.seqOf(events, "step_complete", "a2"))
        .isGreaterThan(executions.seqOf(events, "step_complete", "b"));
    assertThat(done.get("output").propertyNames()).contains("start", "a1", "a2", "b");
  }

  @Test
  void aConditionOnAStepsOutputChoosesTheBranch() {
    agent("classifier").reply(Reply.text("urgent"));

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'classify', 'nodes': [
               {'id': 'classify', 'type': 'agent_call', 'label': 'Classify', 'agent_slug': 'classifier'},
               {'id': 'escalate', 'type': 'validation', 'label': 'Escalate'},
               {'id': 'archive', 'type': 'validation', 'label': 'Archive'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done',
                'output': {'kind': '{{steps.classify.output}}'}}],
             'edges': [
               {'from': 'classify', 'to': 'escalate', 'condition': 'steps.classify.output == "urgent"'},
               {'from': 'classify', 'to': 'archive', 'condition': 'steps.classify.output != "urgent"'},
               {'from': 'escalate', 'to': 'done'}, {'from': 'archive', 'to': 'done'}]}
            """,
            Map.of("ticket", "the server is down"),
            "completed");

    assertThat(statuses(done))
        .containsEntry("classify", "completed")
        .containsEntry("escalate", "completed")
        .containsEntry("archive", "skipped")
        .containsEntry("done", "completed");
    assertThat(executions.supersteps(id(done)))
        .containsExactly("classify", "archive,escalate", "done");
    assertThat(done.get("output").get("kind").asString()).isEqualTo("urgent");
  }

  @Test
  void aSkippedBranchSkipsEveryNodeOnlyItLeadsToAndTheJoinStillRuns() {
    JsonNode done =
        executions.run(
            """
            {'entry_point': 'route', 'nodes': [
               {'id': 'route', 'type': 'trigger', 'label': 'Route'},
               {'id': 'fast', 'type': 'validation', 'label': 'Fast'},
               {'id': 'slow1', 'type': 'validation', 'label': 'Slow 1'},
               {'id': 'slow2', 'type': 'validation', 'label': 'Slow 2'},
               {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
             'edges': [
               {'from': 'route', 'to': 'fast', 'condition': 'input.mode == "fast"'},
               {'from': 'route', 'to': 'slow1', 'condition': 'input.mode != "fast"'},
               {'from': 'slow1', 'to': 'slow2'},
               {'from': 'fast', 'to': 'join'}, {'from': 'slow2', 'to': 'join'}]}
            """,
            Map.of("mode", "fast"),
            "completed");

    assertThat(statuses(done))
        .containsEntry("fast", "completed")
        .containsEntry("slow1", "skipped")
        .containsEntry("slow2", "skipped")
        .containsEntry("join", "completed");
    assertThat(executions.supersteps(id(done)))
        .containsExactly("route", "fast,slow1,slow2", "join");
    List<JsonNode> events = executions.events(id(done));
    assertThat(events.stream().filter(e -> e.get("type").asString().equals("step_skipped")))
        .extracting(e -> e.get("node_id").asString())
        .containsExactlyInAnyOrder("slow1", "slow2");
    assertThat(done.get("output").propertyNames()).containsExactlyInAnyOrder("route", "fast");
  }

  @Test
  void aGuardedCycleRunsAgainUntilItsExitConditionHolds() {
    agent("drafter").reply(Reply.text("again"), Reply.text("again"), Reply.text("done"));

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'draft', 'type': 'agent_call', 'label': 'Draft', 'agent_slug': 'drafter'},
               {'id': 'review', 'type': 'validation', 'label': 'Review'},
               {'id': 'publish', 'type': 'finalize', 'label': 'Publish',
                'output': {'final': '{{steps.draft.output}}'}}],
             'edges': [{'from': 'start', 'to': 'draft'}, {'from': 'draft', 'to': 'review'},
               {'from': 'review', 'to': 'draft', 'condition': 'steps.draft.output != "done"'},
               {'from': 'review', 'to': 'publish', 'condition': 'steps.draft.output == "done"'}]}
            """,
            Map.of("topic", "loops"),
            "completed");

    assertThat(executions.supersteps(id(done)))
        .containsExactly(
            "start", "draft", "review", "draft", "review", "draft", "review", "publish");
    assertThat(executions.runs(id(done)))
        .filteredOn(r -> r.nodeId().equals("draft"))
        .extracting(Executions.Run::run)
        .containsExactly(1, 2, 3);
    assertThat(step(done, "draft").get("run").asInt()).isEqualTo(3);
    assertThat(done.get("output").get("final").asString()).isEqualTo("done");
  }

  @Test
  void aCycleThatNeverExitsStopsAtMaxSteps() {
    JsonNode failed =
        executions.run(
            """
            {'entry_point': 'start', 'max_steps': 6, 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ping', 'type': 'validation', 'label': 'Ping'},
               {'id': 'pong', 'type': 'validation', 'label': 'Pong'},
               {'id': 'end', 'type': 'finalize', 'label': 'End'}],
             'edges': [{'from': 'start', 'to': 'ping'}, {'from': 'ping', 'to': 'pong'},
               {'from': 'pong', 'to': 'ping', 'condition': 'input.forever == true'},
               {'from': 'pong', 'to': 'end', 'condition': 'input.forever != true'}]}
            """,
            Map.of("forever", true),
            "failed");

    assertThat(failed.get("error").get("code").asString()).isEqualTo("step_limit");
    assertThat(executions.runs(id(failed))).hasSize(6);
    assertThat(step(failed, "end").get("status").asString()).isEqualTo("pending");
  }

  // ------------------------------------------------------------------ human gates

  private static final String TWO_GATES =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'gate_a', 'type': 'human_gate', 'label': 'Gate A', 'message': 'A for {{input.topic}}?'},
         {'id': 'gate_b', 'type': 'human_gate', 'label': 'Gate B'},
         {'id': 'after_a', 'type': 'validation', 'label': 'After A'},
         {'id': 'after_b', 'type': 'validation', 'label': 'After B'},
         {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
       'edges': [{'from': 'start', 'to': 'gate_a'}, {'from': 'start', 'to': 'gate_b'},
         {'from': 'gate_a', 'to': 'after_a'}, {'from': 'gate_b', 'to': 'after_b'},
         {'from': 'after_a', 'to': 'join'}, {'from': 'after_b', 'to': 'join'}]}
      """;

  @Test
  void gatesInParallelBranchesApprovedAFirstThenBCompleteTheRun() {
    approveBothGates("a", "b");
  }

  @Test
  void gatesInParallelBranchesApprovedBFirstThenACompleteTheRun() {
    approveBothGates("b", "a");
  }

  private void approveBothGates(String first, String second) {
    String id = executions.start(executions.pipeline(TWO_GATES), Map.of("topic", "gates"));
    JsonNode waiting = executions.awaitStatus(id, "awaiting_approval");
    await()
        .atMost(Executions.WAIT)
        .until(() -> executions.get(id).get("pending_approvals").size() == 2);
    waiting = executions.get(id);
    assertThat(waiting.get("pending_approvals").findValuesAsString("node_id"))
        .containsExactlyInAnyOrder("gate_a", "gate_b");
    assertThat(waiting.get("pending_approvals").findValuesAsString("message"))
        .contains("A for gates?");

    assertThat(executions.approve(id, "gate_" + first).status()).isEqualTo(200);
    JsonNode half =
        await()
            .atMost(Executions.WAIT)
            .until(
                () -> executions.get(id),
                e ->
                    e.get("status").asString().equals("awaiting_approval")
                        && step(e, "after_" + first).get("status").asString().equals("completed"));
    assertThat(half.get("pending_approvals").findValuesAsString("node_id"))
        .containsExactly("gate_" + second);
    assertThat(step(half, "join").get("status").asString())
        .as("the join waits for the branch whose gate is still waiting")
        .isEqualTo("pending");

    assertThat(executions.approve(id, "gate_" + second).status()).isEqualTo(200);
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(statuses(done).values()).containsOnly("completed");
    assertThat(executions.runs(id)).filteredOn(r -> r.nodeId().equals("join")).hasSize(1);
    List<JsonNode> events = executions.events(id);
    assertThat(executions.seqOf(events, "step_start", "join"))
        .isGreaterThan(executions.seqOf(events, "step_complete", "after_a"))
        .isGreaterThan(executions.seqOf(events, "step_complete", "after_b"));
  }

  @Test
  void aRejectedGateRejectsTheExecution() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
                   {'id': 'publish', 'type': 'finalize', 'label': 'Publish'}],
                 'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'publish'}]}
                """),
            Map.of("topic", "no"));
    executions.awaitStatus(id, "awaiting_approval");

    assertThat(executions.reject(id, "gate").status()).isEqualTo(200);
    JsonNode rejected = executions.awaitStatus(id, "rejected");

    assertThat(rejected.get("error").get("code").asString()).isEqualTo("rejected");
    assertThat(step(rejected, "gate").get("output").get("decision").asString())
        .isEqualTo("rejected");
    assertThat(step(rejected, "publish").get("status").asString()).isEqualTo("pending");
    assertThat(executions.events(id))
        .extracting(e -> e.get("type").asString())
        .contains("approval_resolved")
        .last()
        .isEqualTo("execution_complete");
  }

  @Test
  void aGateWithAnEdgeTestingTheDecisionGoesOnAlongItWhenRejected() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
                   {'id': 'publish', 'type': 'validation', 'label': 'Publish'},
                   {'id': 'rework', 'type': 'validation', 'label': 'Rework'}],
                 'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'publish'},
                   {'from': 'gate', 'to': 'rework',
                    'condition': 'steps.gate.output.decision == "rejected"'}]}
                """),
            Map.of("topic", "maybe"));
    executions.awaitStatus(id, "awaiting_approval");

    assertThat(executions.reject(id, "gate").status()).isEqualTo(200);
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(statuses(done))
        .containsEntry("gate", "completed")
        .containsEntry("rework", "completed")
        .containsEntry("publish", "skipped");
  }

  @Test
  void aGateThatTimesOutCountsAsARejection() {
    JsonNode rejected =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'gate', 'type': 'human_gate', 'label': 'Gate', 'timeout': 'PT1S'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'done'}]}
            """,
            Map.of("topic", "nobody answers"),
            "rejected");

    assertThat(step(rejected, "gate").get("output").get("decision").asString())
        .isEqualTo("rejected");
    JsonNode resolved = ofType(executions.events(id(rejected)), "approval_resolved").getFirst();
    assertThat(resolved.get("by").isNull()).isTrue();
  }

  @Test
  void aViewerMayNotApprove() {
    var viewer = api.signUp();
    var added =
        api.post(
            executions.user().ws() + "/members",
            executions.user().token(),
            Map.of("email", viewer.email(), "role", "viewer"));
    assertThat(added.status()).as(added.raw()).isEqualTo(201);
    String id = executions.start(executions.pipeline(ONE_GATE), Map.of("topic", "roles"));
    executions.awaitStatus(id, "awaiting_approval");

    var refused = executions.decide(id, "approve", "gate", viewer.token());

    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(executions.get(id).get("pending_approvals").findValuesAsString("node_id"))
        .containsExactly("gate");
  }

  @Test
  void approvingAGateThatIsNotWaitingIsAConflict() {
    String id = executions.start(executions.pipeline(ONE_GATE), Map.of("topic", "twice"));
    executions.awaitStatus(id, "awaiting_approval");

    assertThat(executions.approve(id, "start").status()).as("not a gate").isEqualTo(409);
    assertThat(executions.approve(id, "gate").status()).isEqualTo(200);
    assertThat(executions.approve(id, "gate").status()).as("already decided").isEqualTo(409);
    executions.awaitStatus(id, "completed");
    assertThat(executions.reject(id, "gate").status()).as("the run ended").isEqualTo(409);
  }

  private static final String ONE_GATE =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'gate', 'type': 'human_gate', 'label': 'Gate'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'done'}]}
      """;

  // ------------------------------------------------------------------ failures and retries

  private static String oneAgentNode(String nodeFields) {
    return """
        {'entry_point': 'start', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'think', 'type': 'agent_call', 'label': 'Think', 'agent_slug': 'thinker', %s},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'think'}, {'from': 'think', 'to': 'done'}]}
        """
        .formatted(nodeFields);
  }

  @Test
  void aTransientProviderFaultIsRetriedAndThenSucceeds() {
    // The client makes three attempts per call: all three fail, so the node's first attempt does.
    Marked thinker =
        agent("thinker")
            .reply(Reply.status(500), Reply.status(500), Reply.status(500))
            .otherwise(Reply.text("recovered"));

    JsonNode done =
        executions.run(
            oneAgentNode("'retry': {'max_attempts': 2, 'backoff_ms': 50}"),
            Map.of("topic", "faults"),
            "completed");

    assertThat(step(done, "think").get("attempt").asInt()).isEqualTo(2);
    assertThat(step(done, "think").get("output").asString()).isEqualTo("recovered");
    assertThat(thinker.requests()).hasSize(4);
    List<JsonNode> failures = ofType(executions.events(id(done)), "step_failed");
    assertThat(failures).hasSize(1);
    assertThat(failures.getFirst().get("attempt").asInt()).isEqualTo(1);
    assertThat(failures.getFirst().get("will_retry").asBoolean()).isTrue();
    assertThat(failures.getFirst().get("error").get("code").asString()).isEqualTo("provider_error");
  }

  @Test
  void aNodeThatOutlivesItsTimeoutFailsWithTimeoutAfterItsRetries() {
    agent("thinker").otherwise(Reply.text("too late").delay(Duration.ofSeconds(5)));

    JsonNode failed =
        executions.run(
            oneAgentNode("'timeout': 'PT1S', 'retry': {'max_attempts': 2, 'backoff_ms': 50}"),
            Map.of("topic", "slow"),
            "failed");

    JsonNode think = step(failed, "think");
    assertThat(think.get("status").asString()).isEqualTo("failed");
    assertThat(think.get("attempt").asInt()).isEqualTo(2);
    assertThat(think.get("error").get("code").asString()).isEqualTo("timeout");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("timeout");
    assertThat(ofType(executions.events(id(failed)), "step_failed"))
        .extracting(e -> e.get("will_retry").asBoolean())
        .containsExactly(true, false);
  }

  @Test
  void cancellingDuringAModelCallStopsItAndChargesTheUsageSoFar() {
    String text = "긴 답변을 천천히 보냅니다. ".repeat(20);
    agent("thinker").reply(Reply.text(text).pacing(Duration.ofMillis(100)));
    String id =
        executions.start(
            executions.pipeline(oneAgentNode("'prompt': 'Take your time'")),
            Map.of("topic", "cancel"));
    await()
        .atMost(Executions.WAIT)
        .until(() -> ofType(executions.events(id), "agent_streaming").size() >= 1);

    var cancelled =
        api.post("/orchestrate/executions/" + id + "/cancel", executions.user().token(), Map.of());
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    JsonNode ended = executions.awaitStatus(id, "cancelled");

    assertThat(ended.get("error").get("code").asString()).isEqualTo("cancelled");
    JsonNode think = step(ended, "think");
    assertThat(think.get("status").asString()).isNotEqualTo("completed");
    assertThat(step(ended, "done").get("status").asString()).isEqualTo("pending");
    // Anthropic reports the input tokens when the message starts, before any text: they are paid.
    assertThat(think.get("input_tokens").asLong()).isPositive();
    List<JsonNode> charges = executions.usageCharges(id);
    assertThat(charges).hasSize(1);
    BigDecimal charged = charges.getFirst().get("amount").decimalValue().negate();
    assertThat(charged).isPositive().isEqualByComparingTo(ended.get("total_cost").decimalValue());
  }

  @Test
  void cancellingDuringARetryBackoffEndsTheStepAsCancelled() {
    agent("thinker").otherwise(Reply.status(500));
    String id =
        executions.start(
            executions.pipeline(oneAgentNode("'retry': {'max_attempts': 3, 'backoff_ms': 10000}")),
            Map.of("topic", "backoff"));
    await()
        .atMost(Executions.WAIT)
        .until(() -> ofType(executions.events(id), "step_failed").size() == 1);

    var cancelled =
        api.post("/orchestrate/executions/" + id + "/cancel", executions.user().token(), Map.of());
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    JsonNode ended = executions.awaitStatus(id, "cancelled");

    JsonNode think = step(ended, "think");
    assertThat(think.get("status").asString()).isEqualTo("failed");
    assertThat(think.get("error").get("code").asString()).isEqualTo("cancelled");
    assertThat(think.get("attempt").asInt()).as("no attempt starts after the cancel").isEqualTo(1);
    assertThat(ofType(executions.events(id), "step_failed"))
        .extracting(e -> e.get("will_retry").asBoolean())
        .containsExactly(true, false);
  }

  @Test
  void cancellingWhileAGateWaitsEndsTheWaitForGood() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'gate', 'type': 'human_gate', 'label': 'Gate', 'timeout': 'PT2S'},
                   {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
                 'edges': [{'from': 'start', 'to': 'gate'}, {'from': 'gate', 'to': 'done'}]}
                """),
            Map.of("topic", "never mind"));
    executions.awaitStatus(id, "awaiting_approval");

    var cancelled =
        api.post("/orchestrate/executions/" + id + "/cancel", executions.user().token(), Map.of());
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    JsonNode ended = executions.awaitStatus(id, "cancelled");

    assertThat(ended.get("pending_approvals")).isEmpty();
    assertThat(executions.approve(id, "gate").status()).isEqualTo(409);
    // Past the gate's deadline, its timeout must not decide a gate of an execution that ended.
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> executions.events(id).getLast().get("type").asString(),
            type -> type.equals("execution_complete"));
    assertThat(ofType(executions.events(id), "approval_resolved")).isEmpty();
  }

  @Test
  void aRetriedExecutionGoesOnFromItsFailedStepWithoutPayingForEarlierOnesAgain() {
    Marked first = agent("first").reply(Reply.text("first result"));
    Marked second = agent("second").reply(Reply.status(400));
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'one', 'nodes': [
                   {'id': 'one', 'type': 'agent_call', 'label': 'First draft', 'agent_slug': 'first'},
                   {'id': 'two', 'type': 'agent_call', 'label': 'Second pass', 'agent_slug': 'second',
                    'prompt': 'Improve: {{steps.one.output}}'},
                   {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
                 'edges': [{'from': 'one', 'to': 'two'}, {'from': 'two', 'to': 'done'}]}
                """),
            Map.of("topic", "retry"));
    JsonNode failed = executions.awaitStatus(id, "failed");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("provider_error");
    assertThat(step(failed, "one").get("status").asString()).isEqualTo("completed");

    var retried =
        api.post("/orchestrate/executions/" + id + "/retry", executions.user().token(), Map.of());
    assertThat(retried.status()).as(retried.raw()).isEqualTo(202);
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(statuses(done).values()).containsOnly("completed");
    assertThat(step(done, "one").get("attempt").asInt()).isEqualTo(1);
    assertThat(first.requests()).hasSize(1);
    assertThat(second.requests()).hasSize(2);
    assertThat(second.requests().getLast().body().toString()).contains("Improve: first result");
    assertThat(executions.usageCharges(id))
        .filteredOn(t -> t.get("description").asString().equals("First draft"))
        .hasSize(1);
  }

  // ------------------------------------------------------------------ starting

  @Test
  void startingAgainWithTheSameIdempotencyKeyAnswersTheSameExecution() {
    String pipelineId = executions.pipeline(ONE_GATE);
    String key = "key-" + UUID.randomUUID();
    Map<String, Object> body =
        Map.of("pipeline_id", pipelineId, "input", Map.of("topic", "once"), "idempotency_key", key);

    var first = api.post("/orchestrate/pipeline/start", executions.user().token(), body);
    var again = api.post("/orchestrate/pipeline/start", executions.user().token(), body);
    var other =
        api.post(
            "/orchestrate/pipeline/start",
            executions.user().token(),
            Map.of(
                "pipeline_id",
                pipelineId,
                "input",
                Map.of("topic", "twice"),
                "idempotency_key",
                key));

    assertThat(first.status()).as(first.raw()).isEqualTo(202);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body().get("execution_id")).isEqualTo(first.body().get("execution_id"));
    assertThat(other.status()).as(other.raw()).isEqualTo(409);
  }

  @Test
  void aPipelineWhoseGraphNoLongerValidatesCannotBeStarted() {
    agent("thinker");
    String pipelineId = executions.pipeline(oneAgentNode("'prompt': 'Think'"));
    String agentId =
        api.get(executions.user().ws() + "/agents", executions.user().token())
            .body()
            .valueStream()
            .filter(a -> a.get("slug").asString().equals("thinker"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();
    assertThat(
            api.delete(executions.user().ws() + "/agents/" + agentId, executions.user().token())
                .status())
        .isEqualTo(204);

    var refused = executions.tryStart(pipelineId, Map.of("topic", "gone"));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().get("errors").findValuesAsString("path"))
        .contains("nodes[1].agent_slug");
  }

  @Test
  void aTemplateValueMissingAtRunTimeFailsTheStepNamingThePath() {
    Marked thinker = agent("thinker");

    JsonNode failed =
        executions.run(
            oneAgentNode("'prompt': 'Answer {{input.missing}}'"),
            Map.of("topic", "templates"),
            "failed");

    JsonNode think = step(failed, "think");
    assertThat(think.get("error").get("code").asString()).isEqualTo("validation_failed");
    assertThat(think.get("error").get("message").asString()).contains("input.missing");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("validation_failed");
    assertThat(thinker.requests()).isEmpty();
  }

  @Test
  void aWorkspaceThatCannotCoverTheCallFailsWithInsufficientCreditsBeforeCallingTheProvider() {
    var created =
        api.post("/api/workspaces", executions.user().token(), Map.of("name", "Empty team"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    Executions broke = executions.in(UUID.fromString(created.body().get("id").asString()));
    String marker = "marker-" + UUID.randomUUID();
    broke.agent("thinker", marker);

    JsonNode failed =
        broke.run(oneAgentNode("'prompt': 'Think'"), Map.of("topic", "money"), "failed");

    assertThat(step(failed, "think").get("error").get("code").asString())
        .isEqualTo("insufficient_credits");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("insufficient_credits");
    assertThat(providers.anthropic().when(marker).requests()).isEmpty();
  }

  // ------------------------------------------------------------------ what each step read

  @Test
  void eachStepKeepsWhatItReadAndAnAgentStepTheMessagesItSentItsAgent() {
    agent("writer").reply(Reply.text("초안입니다"));
    agent("reviewer").reply(Reply.text("좋습니다"));

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'writer',
                'prompt': 'Write about {{input.topic}}'},
               {'id': 'review', 'type': 'agent_call', 'label': 'Review', 'agent_slug': 'reviewer'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'write'}, {'from': 'write', 'to': 'review'},
                       {'from': 'review', 'to': 'done'}]}
            """,
            Map.of("topic", "engines"),
            "completed");

    JsonNode write = step(done, "write");
    assertThat(write.get("input").get("input").get("topic").asString()).isEqualTo("engines");
    // A node with a prompt of its own reads only what the prompt references: here the input.
    assertThat(write.get("input").get("steps").propertyNames()).isEmpty();
    JsonNode sent = write.get("prompt");
    assertThat(sent.size()).isEqualTo(2);
    assertThat(sent.get(0).get("role").asString()).isEqualTo("system");
    assertThat(sent.get(0).get("agent_slug").asString()).isEqualTo("writer");
    assertThat(sent.get(0).get("content").asString()).startsWith("You help the engine tests.");
    assertThat(sent.get(1).get("role").asString()).isEqualTo("user");
    assertThat(sent.get(1).get("content").asString()).isEqualTo("Write about engines");

    // Without a prompt of its own the node sends the default one, quoting what came before.
    JsonNode review = step(done, "review");
    assertThat(review.get("input").get("steps").propertyNames())
        .containsExactlyInAnyOrder("start", "write");
    assertThat(review.get("input").get("steps").get("write").asString()).isEqualTo("초안입니다");
    assertThat(review.get("prompt").get(1).get("content").asString())
        .contains("engines", "### Write (write)", "초안입니다");

    // A finalize without an output template collects every step's output.
    JsonNode last = step(done, "done");
    assertThat(last.get("input").get("steps").propertyNames())
        .containsExactlyInAnyOrder("start", "write", "review");
    assertThat(last.get("input").get("steps").get("review").asString()).isEqualTo("좋습니다");
    assertThat(last.get("prompt").isNull()).as("only agent nodes send a prompt").isTrue();
    assertThat(step(done, "start").get("prompt").isNull()).isTrue();
  }

  @Test
  void aFailedAgentStepKeepsThePromptItsAttemptSent() {
    agent("thinker").otherwise(Reply.status(400));

    JsonNode failed =
        executions.run(
            oneAgentNode(
                "'prompt': 'Think about {{input.topic}}',"
                    + " 'retry': {'max_attempts': 1, 'backoff_ms': 0}"),
            Map.of("topic", "failures"),
            "failed");

    JsonNode think = step(failed, "think");
    assertThat(think.get("error").get("code").asString()).isEqualTo("provider_error");
    assertThat(think.get("prompt").get(1).get("content").asString())
        .isEqualTo("Think about failures");
    assertThat(think.get("input").get("input").get("topic").asString()).isEqualTo("failures");
  }

  private static String id(JsonNode execution) {
    return execution.get("id").asString();
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asString().equals(type)).toList();
  }
}
