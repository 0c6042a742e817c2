package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The engine's hot path (issue 15): a step's completion starts its successors in the same commit,
 * the runner's steps in memory always equal the committed ones ({@link FrontierOracle}, checked at
 * every superstep while assertions are on), a change made by someone else mid-run is read again,
 * and a runner that lost its lease writes nothing.
 */
class HotPathIT extends ServiceTest {

  @Autowired private Tenancy tenancy;
  @Autowired private StepTransitions transitions;
  @Autowired private Plans plans;

  private Executions executions;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
  }

  @Test
  void theOracleRunsInTheseTests() {
    assertThat(FrontierOracle.class.desiredAssertionStatus()).isTrue();
  }

  @Test
  void aNoOpStepCommitsOnceTogetherWithTheStartOfItsSuccessor() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'a', 'type': 'validation', 'label': 'A'},
                   {'id': 'b', 'type': 'validation', 'label': 'B'},
                   {'id': 'c', 'type': 'validation', 'label': 'C'},
                   {'id': 'd', 'type': 'validation', 'label': 'D'},
                   {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
                 'edges': [{'from': 'start', 'to': 'a'}, {'from': 'a', 'to': 'b'},
                           {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'd'},
                           {'from': 'd', 'to': 'done'}]}
                """),
            Map.of("x", 1));
    executions.awaitStatus(id, "completed");

    List<Event> events = events(id);
    List<String> chain = List.of("start", "a", "b", "c", "d", "done");
    for (int i = 0; i + 1 < chain.size(); i++) {
      assertThat(event(events, "step_start", chain.get(i + 1)).transaction())
          .as("%s starts in the commit that completes %s", chain.get(i + 1), chain.get(i))
          .isEqualTo(event(events, "step_complete", chain.get(i)).transaction());
    }
    // execution_start, the entry point's start, one commit per step, execution_complete.
    assertThat(events.stream().map(Event::transaction).distinct()).hasSize(chain.size() + 3);
  }

  /**
   * A no-op step's completion is one statement: the fenced update taking its seqs, its events, its
   * row and its successor's start are all the first command of their transaction (PostgreSQL
   * numbers a transaction's writing commands from 0, and an inserted row keeps that number as its
   * {@code cmin}), so the commit is that statement and the COMMIT, two round trips.
   */
  @Test
  void aNoOpStepsCompletionIsOneStatement() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'a', 'type': 'validation', 'label': 'A'},
                   {'id': 'b', 'type': 'validation', 'label': 'B'},
                   {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
                 'edges': [{'from': 'start', 'to': 'a'}, {'from': 'a', 'to': 'b'},
                           {'from': 'b', 'to': 'done'}]}
                """),
            Map.of("x", 1));
    executions.awaitStatus(id, "completed");

    List<Map<String, Object>> written =
        tenancy.inSystemTransaction(
            "test reads events",
            () ->
                jdbc.sql(
                        """
                        SELECT seq, type, payload->>'node_id' AS node, cmin::text::int AS command,
                               (payload->>'seq')::bigint AS payload_seq
                        FROM execution_events
                        WHERE execution_id = ? AND type IN ('step_complete', 'step_start')
                        ORDER BY seq
                        """)
                    .param(UUID.fromString(id))
                    .query()
                    .listOfRows());
    List<Map<String, Object>> completions =
        written.stream().filter(e -> e.get("type").equals("step_complete")).toList();
    assertThat(completions).hasSize(4);
    assertThat(completions).allSatisfy(e -> assertThat(e.get("command")).as("%s", e).isEqualTo(0));
    assertThat(written)
        .as("the seq in the payload is the row's")
        .allSatisfy(e -> assertThat(e.get("payload_seq")).isEqualTo(e.get("seq")));
    List<Long> seqs = events(id).stream().map(Event::seq).toList();
    assertThat(seqs)
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
  }

  @Test
  void theLastNodeOfASuperstepToCompleteStartsTheJoin() {
    String id =
        executions.start(
            executions.pipeline(
                """
                {'entry_point': 'start', 'nodes': [
                   {'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': 'a', 'type': 'validation', 'label': 'A'},
                   {'id': 'b', 'type': 'validation', 'label': 'B'},
                   {'id': 'join', 'type': 'finalize', 'label': 'Join'}],
                 'edges': [{'from': 'start', 'to': 'a'}, {'from': 'start', 'to': 'b'},
                           {'from': 'a', 'to': 'join'}, {'from': 'b', 'to': 'join'}]}
                """),
            Map.of("x", 1));
    executions.awaitStatus(id, "completed");

    List<Event> events = events(id);
    Event a = event(events, "step_complete", "a");
    Event b = event(events, "step_complete", "b");
    Event last = a.seq() > b.seq() ? a : b;
    assertThat(event(events, "step_start", "join").transaction()).isEqualTo(last.transaction());
    assertThat(events.stream().filter(e -> e.type().equals("step_start"))).hasSize(4);
    assertThat(executions.runs(id)).hasSize(4);
  }

  /**
   * Random DAGs with conditions on the input and on other steps, fan-out and fan-in (so some nodes
   * are skipped and some joins wait): each must complete, the runner comparing its memory with the
   * committed rows at every superstep ({@link FrontierOracle}: a difference fails the execution).
   */
  @Test
  void theStepsInMemoryEqualTheCommittedOnesOnRandomGraphs() {
    Random random = new Random(15);
    int skipped = 0;
    for (int g = 0; g < 10; g++) {
      String pipeline = executions.pipeline(randomGraph(random, 6 + random.nextInt(8)));
      for (int k : List.of(0, 5)) {
        String id = executions.start(pipeline, Map.of("k", k));
        JsonNode done = executions.awaitStatus(id, "completed");
        assertThat(done.path("error").isNull() || done.path("error").isMissingNode()).isTrue();
        skipped +=
            (int) executions.runs(id).stream().filter(r -> r.status().equals("skipped")).count();
      }
    }
    assertThat(skipped).as("the graphs skip nodes").isPositive();
  }

  /**
   * Someone else changed the execution (its version: a decision, a cancel, a retry) while a step
   * ran: that step's completion starts nothing on the old view, and the runner reads the execution
   * again and goes on (carrying starts again once it has).
   */
  @Test
  void aVersionChangedMidRunIsReadAgainAndNothingStartsOnTheOldView() throws Exception {
    var release = new CountDownLatch(1);
    var asked = new CountDownLatch(1);
    slowAgent(asked, release, () -> {}, "slow answer");
    String id = executions.start(executions.pipeline(SLOW_CHAIN), Map.of("x", 1));
    assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
    system(
        "UPDATE pipeline_executions SET version = version + 1 WHERE id = ?", UUID.fromString(id));
    release.countDown();
    executions.awaitStatus(id, "completed");

    List<Event> events = events(id);
    assertThat(event(events, "step_start", "v1").transaction())
        .isNotEqualTo(event(events, "step_complete", "slow").transaction());
    assertThat(event(events, "step_start", "v2").transaction())
        .isEqualTo(event(events, "step_complete", "v1").transaction());
  }

  /**
   * A runner whose lease another instance took while its step ran: the step's completion (one
   * fenced statement taking the seqs, the totals and the next start, then the events and rows)
   * changes nothing. The completion is the real {@link StepTransitions#complete}, called with the
   * runner's lease once another instance holds the execution.
   */
  @Test
  void aRunnerThatLostItsLeaseWritesNothingWithItsCompletion() throws Exception {
    var release = new CountDownLatch(1);
    var asked = new CountDownLatch(1);
    slowAgent(asked, release, () -> {}, "slow answer");
    String pipeline = executions.pipeline(SLOW_CHAIN);
    String id = executions.start(pipeline, Map.of("x", 1));
    assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
    UUID execution = UUID.fromString(id);
    Map<String, Object> held = executionRow(execution);
    Lease stale =
        new Lease(
            execution,
            executions.user().workspaceId(),
            (String) held.get("owner"),
            (Long) held.get("lease_epoch"));
    // Another instance claims the execution while the step runs.
    system(
        """
        UPDATE pipeline_executions SET owner = 'another-instance', lease_epoch = lease_epoch + 1,
               lease_until = now() + interval '1 hour'
        WHERE id = ?
        """,
        execution);
    Map<String, Object> before = executionRow(execution);
    UUID slowStep = stepId(execution, "slow");

    Plan plan =
        tenancy.inSystemTransaction(
            "test reads the plan",
            () ->
                plans.get(
                    stale.workspaceId(),
                    UUID.fromString(pipeline),
                    ((Number) before.get("pipeline_version")).intValue()));
    var ctx =
        new NodeContext(
            stale,
            execution,
            stale.workspaceId(),
            null,
            plan.graph().node("slow").orElseThrow(),
            slowStep,
            1,
            1,
            Map.of(),
            Map.of(),
            java.util.Set.of(),
            new dev.orchestrate.llm.CallControl(),
            null,
            null,
            java.time.Instant.now(),
            null,
            plan.graph().onBudget());
    var next =
        List.of(
            new StepTransitions.NextStart(
                plan.graph().node("v1").orElseThrow(), 1, 3, Api.json().createObjectNode()));
    assertThatThrownBy(
            () ->
                Tenancy.runAs(
                    new Tenant.System("test"),
                    () ->
                        transitions.complete(
                            stale,
                            ctx,
                            new Outcome.Completed(
                                Api.json().getNodeFactory().stringNode("late"), List.of()),
                            List.of("v1"),
                            java.time.Instant.now(),
                            (Long) before.get("version"),
                            next)))
        .isInstanceOf(LeaseLostException.class);

    assertThat(executionRow(execution)).isEqualTo(before);
    assertThat(executions.runs(id))
        .extracting(Executions.Run::nodeId, Executions.Run::status)
        .containsExactly(tuple("start", "completed"), tuple("slow", "running"));
    assertThat(events(id))
        .noneMatch(e -> e.type().equals("step_complete") && e.node().equals("slow"));

    // The runner finds the lease gone too; the other instance "dies", this one takes the
    // execution up again and finishes it.
    release.countDown();
    system(
        "UPDATE pipeline_executions SET lease_until = now() - interval '1 second' WHERE id = ?",
        execution);
    executions.awaitStatus(id, "completed");
  }

  private static final String SLOW_CHAIN =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'slow', 'type': 'agent_call', 'label': 'Slow', 'agent_slug': 'slow'},
         {'id': 'v1', 'type': 'validation', 'label': 'V1'},
         {'id': 'v2', 'type': 'validation', 'label': 'V2'},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'slow'}, {'from': 'slow', 'to': 'v1'},
                 {'from': 'v1', 'to': 'v2'}, {'from': 'v2', 'to': 'done'}]}
      """;

  /**
   * The agent 'slow', whose first request waits for {@code release} (after saying it arrived), runs
   * {@code beforeAnswer}, and answers {@code answer}; later requests answer at once.
   */
  private void slowAgent(
      CountDownLatch asked, CountDownLatch release, Runnable beforeAnswer, String answer) {
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("slow", marker);
    providers
        .anthropic()
        .when(marker)
        .reply(
            Reply.fromRequest(
                body -> {
                  asked.countDown();
                  try {
                    release.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  beforeAnswer.run();
                  return Reply.text(answer);
                }));
  }

  /**
   * A random DAG over {@code size} nodes: a trigger, validation nodes each reached from one or two
   * earlier nodes (a fan-in when two), some edges with a condition on the input or on another
   * step's status (so that, by the input, some nodes are skipped), and a finalize that every node
   * without a successor leads to.
   */
  private static String randomGraph(Random random, int size) {
    List<String> nodes = new ArrayList<>();
    List<String> edges = new ArrayList<>();
    nodes.add("{'id': 'n0', 'type': 'trigger', 'label': 'N0'}");
    boolean[] hasOut = new boolean[size];
    for (int j = 1; j < size; j++) {
      nodes.add("{'id': 'n%d', 'type': 'validation', 'label': 'N%d'}".formatted(j, j));
      int from = random.nextInt(j);
      // A third of the nodes are reached only when the input says so: the others are skipped.
      edges.add(
          edge(
              from,
              "n" + j,
              random.nextInt(3) == 0 ? (j % 2 == 0 ? "input.k > 2" : "input.k < 3") : null));
      hasOut[from] = true;
      if (j > 2 && random.nextBoolean()) {
        int other = random.nextInt(j);
        if (other != from) {
          String condition =
              switch (random.nextInt(3)) {
                case 0 -> "input.k > 2";
                case 1 -> "input.k < 3";
                default -> "steps.n%d.status == 'completed'".formatted(random.nextInt(j));
              };
          edges.add(edge(other, "n" + j, condition));
          hasOut[other] = true;
        }
      }
    }
    nodes.add("{'id': 'end', 'type': 'finalize', 'label': 'End'}");
    for (int i = 0; i < size; i++) {
      if (!hasOut[i]) {
        edges.add(edge(i, "end", null));
      }
    }
    return "{'entry_point': 'n0', 'nodes': [%s], 'edges': [%s]}"
        .formatted(String.join(", ", nodes), String.join(", ", edges));
  }

  private static String edge(int from, String to, String condition) {
    return condition == null
        ? "{'from': 'n%d', 'to': '%s'}".formatted(from, to)
        : "{'from': 'n%d', 'to': '%s', 'condition': \"%s\"}".formatted(from, to, condition);
  }

  /** An event with the transaction that inserted it. */
  private record Event(long seq, String type, String node, String transaction) {}

  private List<Event> events(String id) {
    return tenancy.inSystemTransaction(
        "test reads events",
        () ->
            jdbc.sql(
                    """
                    SELECT seq, type, coalesce(payload->>'node_id', ''), xmin::text
                    FROM execution_events WHERE execution_id = ? ORDER BY seq
                    """)
                .param(UUID.fromString(id))
                .query(
                    (rs, n) ->
                        new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
  }

  private static Event event(List<Event> events, String type, String node) {
    return events.stream()
        .filter(e -> e.type().equals(type) && e.node().equals(node))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " of " + node + " in " + events));
  }

  private Map<String, Object> executionRow(UUID id) {
    return tenancy.inSystemTransaction(
        "test reads the execution",
        () ->
            jdbc.sql(
                    """
                    SELECT last_event_seq, node_runs, total_cost, version, status, owner,
                           lease_epoch, pipeline_version
                    FROM pipeline_executions WHERE id = ?
                    """)
                .param(id)
                .query()
                .singleRow());
  }

  private UUID stepId(UUID execution, String nodeId) {
    return tenancy.inSystemTransaction(
        "test reads a step",
        () ->
            jdbc.sql("SELECT id FROM pipeline_steps WHERE execution_id = ? AND node_id = ?")
                .params(execution, nodeId)
                .query(UUID.class)
                .single());
  }

  private void system(String sql, UUID id) {
    tenancy.inSystemTransaction(
        "test changes the execution", () -> jdbc.sql(sql).param(id).update());
  }
}
