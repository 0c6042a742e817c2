package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.GraphValidator;
import dev.orchestrate.pipeline.graph.WorkspaceCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The running order: which nodes run next, given the graph and the committed steps alone. */
class FrontierTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final WorkspaceCatalog ANYTHING_GOES =
      new WorkspaceCatalog() {
        @Override
        public boolean hasAgent(String slug) {
          return true;
        }

        @Override
        public boolean hasMcpConnection(String name) {
          return true;
        }
      };

  @Test
  void theEntryPointRunsFirst() {
    var graph = graph("start -> a; a -> b");

    Frontier next = Frontier.compute(graph, List.of());

    assertThat(next.ready()).containsExactly("start");
    assertThat(next.unreachable()).isEmpty();
    assertThat(next.finished()).isFalse();
  }

  @Test
  void aLinearGraphRunsOneNodeAfterTheOther() {
    var graph = graph("start -> a; a -> b");
    var steps = new Steps().completed("start", 1, "a");

    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("a");

    steps.completed("a", 2, "b");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("b");

    steps.completed("b", 3);
    Frontier done = Frontier.compute(graph, steps.list());
    assertThat(done.finished()).isTrue();
    assertThat(done.failed()).isEmpty();
  }

  @Test
  void aFanOutRunsItsBranchesInOneSuperstep() {
    var graph = graph("start -> a; start -> b; start -> c");
    var steps = new Steps().completed("start", 1, "a", "b", "c");

    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("a", "b", "c");
  }

  @Test
  void aFanInWaitsForEveryPredecessorThatCanStillReachIt() {
    var graph = graph("start -> a1; a1 -> a2; a2 -> join; start -> b; b -> join");
    var steps = new Steps().completed("start", 1, "a1", "b").completed("a1", 2, "a2");
    steps.completed("b", 2, "join");

    Frontier third = Frontier.compute(graph, steps.list());
    assertThat(third.ready())
        .as("the short branch is done, the long one is not")
        .containsExactly("a2");

    steps.completed("a2", 3, "join");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("join");

    steps.completed("join", 4);
    assertThat(Frontier.compute(graph, steps.list()).finished()).isTrue();
  }

  @Test
  void aFalseConditionSkipsItsBranchAndTheNodesOnlyItLeadsTo() {
    var graph =
        graph(
            "start -> check; check -> yes if input.go; check -> no if !input.go;"
                + " no -> only_no; only_no -> end; yes -> end");
    var steps = new Steps().completed("start", 1, "check").completed("check", 2, "yes");

    Frontier next = Frontier.compute(graph, steps.list());
    assertThat(next.ready()).containsExactly("yes");
    assertThat(next.unreachable()).containsExactly("no", "only_no");

    steps.skipped("no", 3).skipped("only_no", 3).completed("yes", 3, "end");
    Frontier join = Frontier.compute(graph, steps.list());
    assertThat(join.ready()).as("a skipped predecessor is not waited for").containsExactly("end");
    assertThat(join.unreachable()).isEmpty();
  }

  @Test
  void aGuardedCycleRunsItsNodesAgainUntilTheExitConditionHolds() {
    var graph =
        graph(
            "start -> work; work -> check;"
                + " check -> work if input.again; check -> done if !input.again");
    var steps = new Steps().completed("start", 1, "work").completed("work", 2, "check");
    steps.completed("check", 3, "work");

    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("work");

    steps.completedRun("work", 2, 4, "check");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("check");

    steps.completedRun("check", 2, 5, "done");
    Frontier exit = Frontier.compute(graph, steps.list());
    assertThat(exit.ready()).containsExactly("done");
    assertThat(exit.unreachable()).isEmpty();
  }

  @Test
  void aWaitingGateHoldsWhatItLeadsToAndLetsUnrelatedBranchesRun() {
    var graph =
        graph(
            "start -> gate; gate -> after_gate; after_gate -> join;"
                + " start -> other; other -> other2; other2 -> join",
            "gate");
    var steps = new Steps().completed("start", 1, "gate", "other").awaiting("gate", 2);
    steps.completed("other", 2, "other2");

    Frontier second = Frontier.compute(graph, steps.list());
    assertThat(second.ready()).containsExactly("other2");
    assertThat(second.awaiting()).containsExactly("gate");

    steps.completed("other2", 3, "join");
    Frontier parked = Frontier.compute(graph, steps.list());
    assertThat(parked.ready()).as("the join still waits for the gate's branch").isEmpty();
    assertThat(parked.unreachable()).isEmpty();
    assertThat(parked.awaiting()).containsExactly("gate");
    assertThat(parked.finished()).isFalse();

    steps.decided("gate", 2, "approved", "after_gate");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("after_gate");

    steps.completed("after_gate", 4, "join");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("join");
  }

  @Test
  void twoWaitingGatesInParallelBranchesHoldTheirJoinUntilBothAreDecided() {
    var graph =
        graph(
            "start -> gate_a; start -> gate_b; gate_a -> join; gate_b -> join", "gate_a", "gate_b");
    var steps = new Steps().completed("start", 1, "gate_a", "gate_b");
    steps.awaiting("gate_a", 2).awaiting("gate_b", 2);
    steps.decided("gate_b", 2, "approved", "join");

    Frontier one = Frontier.compute(graph, steps.list());
    assertThat(one.ready()).isEmpty();
    assertThat(one.awaiting()).containsExactly("gate_a");

    steps.decided("gate_a", 2, "approved", "join");
    assertThat(Frontier.compute(graph, steps.list()).ready()).containsExactly("join");
  }

  @Test
  void candidatesThatWaitOnlyForEachOtherRunTogetherWhileAnUnrelatedGateWaits() {
    var graph =
        graph(
            "start -> x; start -> y; start -> gate; x -> y if input.again; y -> x if input.again",
            "gate");
    var steps = new Steps().completed("start", 1, "x", "y", "gate").awaiting("gate", 2);

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.ready()).containsExactly("x", "y");
    assertThat(next.awaiting()).containsExactly("gate");
  }

  @Test
  void aFailedStepEndsTheExecution() {
    var graph = graph("start -> a; start -> b; a -> c; b -> c");
    var steps = new Steps().completed("start", 1, "a", "b").failed("a", 2).completed("b", 2, "c");

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.failed()).map(StepRecord::nodeId).contains("a");
    assertThat(next.ready()).isEmpty();
    assertThat(next.unreachable()).isEmpty();
  }

  @Test
  void aRejectedGateWithoutAnEdgeTestingTheDecisionEndsTheExecution() {
    var graph = graph("start -> gate; gate -> publish", "gate");
    var steps = new Steps().completed("start", 1, "gate").decided("gate", 2, "rejected");

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.rejected()).map(StepRecord::nodeId).contains("gate");
    assertThat(next.ready()).isEmpty();
  }

  @Test
  void aRejectedGateWithAnEdgeTestingTheDecisionGoesOnAlongIt() {
    var graph =
        graph(
            "start -> gate; gate -> publish;"
                + " gate -> rework if steps.gate.output.decision == \"rejected\"",
            "gate");
    var steps = new Steps().completed("start", 1, "gate").decided("gate", 2, "rejected", "rework");

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.rejected()).isEmpty();
    assertThat(next.ready()).containsExactly("rework");
    assertThat(next.unreachable()).containsExactly("publish");
  }

  @Test
  void theRunningOrPendingStepsOfADeadAttemptAreReadyAgain() {
    var graph = graph("start -> a; start -> b; a -> c; b -> c");
    var steps = new Steps().completed("start", 1, "a", "b").with("a", 1, StepStatus.RUNNING, 2);
    steps.with("b", 1, StepStatus.PENDING, 2);

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.ready()).containsExactly("a", "b");
    assertThat(next.unreachable()).isEmpty();
  }

  @Test
  void aNodeNothingCanReachAnyMoreIsSkippedAndTheRunFinishes() {
    var graph = graph("start -> a if input.go; start -> b if !input.go; a -> c");
    var steps = new Steps().completed("start", 1, "b").completed("b", 2);

    Frontier next = Frontier.compute(graph, steps.list());

    assertThat(next.ready()).isEmpty();
    assertThat(next.unreachable()).containsExactly("a", "c");
    assertThat(next.finished()).isTrue();
  }

  /**
   * A graph written as edges, {@code "from -> to"} or {@code "from -> to if <cel>"}, separated by
   * semicolons. The first node is the entry point, a trigger; {@code gates} are human gates; every
   * other node is an agent call.
   */
  private static GraphDefinition graph(String edges, String... gates) {
    Set<String> ids = new LinkedHashSet<>();
    List<ObjectNode> edgeJson = new ArrayList<>();
    for (String edge : edges.split(";")) {
      String[] ends = edge.trim().split("->", 2);
      String from = ends[0].trim();
      String[] target = ends[1].trim().split(" if ", 2);
      String to = target[0].trim();
      ids.add(from);
      ids.add(to);
      ObjectNode json = JSON.createObjectNode().put("from", from).put("to", to);
      if (target.length > 1) {
        json.put("condition", target[1].trim());
      }
      edgeJson.add(json);
    }
    String entry = ids.iterator().next();
    ObjectNode definition = JSON.createObjectNode().put("entry_point", entry);
    var nodes = definition.putArray("nodes");
    for (String id : ids) {
      ObjectNode node = nodes.addObject().put("id", id).put("label", id);
      if (id.equals(entry)) {
        node.put("type", "trigger");
      } else if (Arrays.asList(gates).contains(id)) {
        node.put("type", "human_gate");
      } else {
        node.put("type", "agent_call").put("agent_slug", "helper");
      }
    }
    definition.putArray("edges").addAll(edgeJson);
    var validation = new GraphValidator().validate(definition, ANYTHING_GOES);
    assertThat(validation.problems()).as(edges).isEmpty();
    return validation.graph().orElseThrow();
  }

  /** Committed steps, written in the order they happened. */
  private static final class Steps {
    private final List<StepRecord> records = new ArrayList<>();

    Steps completed(String node, int superstep, String... taken) {
      return completedRun(node, 1, superstep, taken);
    }

    Steps completedRun(String node, int run, int superstep, String... taken) {
      return add(
          node,
          run,
          StepStatus.COMPLETED,
          superstep,
          JSON.getNodeFactory().stringNode(node),
          taken);
    }

    Steps skipped(String node, int superstep) {
      return add(node, 1, StepStatus.SKIPPED, superstep, null);
    }

    Steps failed(String node, int superstep) {
      return add(node, 1, StepStatus.FAILED, superstep, null);
    }

    Steps awaiting(String node, int superstep) {
      return add(node, 1, StepStatus.AWAITING_APPROVAL, superstep, null);
    }

    Steps with(String node, int run, StepStatus status, int superstep) {
      return add(node, run, status, superstep, null);
    }

    /** A gate's decision completes its waiting row in place. */
    Steps decided(String gate, int superstep, String decision, String... taken) {
      records.removeIf(r -> r.nodeId().equals(gate) && r.status() == StepStatus.AWAITING_APPROVAL);
      JsonNode output = JSON.createObjectNode().put("decision", decision);
      return add(gate, 1, StepStatus.COMPLETED, superstep, output, taken);
    }

    List<StepRecord> list() {
      return List.copyOf(records);
    }

    private Steps add(
        String node, int run, StepStatus status, int superstep, JsonNode output, String... taken) {
      records.add(
          new StepRecord(
              UUID.randomUUID(), node, run, status, 1, superstep, output, null, List.of(taken)));
      return this;
    }
  }
}
