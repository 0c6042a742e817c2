package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.singleNode;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Problems with the fields every node has: id, type, label, retry, timeout, unknown fields. */
class NodeFieldProblemsTest {

  private static String trigger(String extra) {
    return singleNode("{'id': 'n', 'type': 'trigger', 'label': 'N'" + extra + "}");
  }

  @Test
  void acceptsANodeWithEveryCommonField() {
    assertThat(
            problemPaths(
                trigger(
                    ", 'description': 'why', 'position': {'x': 1, 'y': 2},"
                        + " 'retry': {'max_attempts': 1, 'backoff_ms': 0}, 'timeout': 'P1D'")))
        .isEmpty();
  }

  @Test
  void reportsANodeThatIsNotAnObject() {
    assertThat(problemPaths("{'entry_point': 'n', 'nodes': ['n']}"))
        .containsExactly("nodes[0]", "entry_point");
  }

  @Test
  void reportsAMissingId() {
    assertThat(problemPaths("{'entry_point': 'n', 'nodes': [{'type': 'trigger', 'label': 'N'}]}"))
        .containsExactly("nodes[0].id", "entry_point");
  }

  @Test
  void reportsAMalformedId() {
    String graph =
        "{'entry_point': 'Fetch-It', 'nodes': [{'id': 'Fetch-It', 'type': 'trigger', 'label': 'N'}]}";

    assertThat(validate(graph).problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[0].id"))
        .satisfies(problem -> assertThat(problem.message()).contains("^[a-z][a-z0-9_]{0,63}$"));
  }

  @Test
  void reportsAnIdLongerThanSixtyFourCharacters() {
    String id = "a".repeat(65);
    assertThat(
            problemPaths(
                "{'entry_point': '%s', 'nodes': [{'id': '%s', 'type': 'trigger', 'label': 'N'}]}"
                    .formatted(id, id)))
        .containsExactly("nodes[0].id");
  }

  @Test
  void reportsADuplicateIdAtItsSecondUse() {
    assertThat(
            problemPaths(
                """
                {'entry_point': 'n', 'nodes': [{'id': 'n', 'type': 'trigger', 'label': 'A'},
                                               {'id': 'n', 'type': 'finalize', 'label': 'B'}]}
                """))
        .containsExactly("nodes[1].id");
  }

  @Test
  void reportsAMissingType() {
    assertThat(problemPaths(singleNode("{'id': 'n', 'label': 'N'}")))
        .containsExactly("nodes[0].type");
  }

  @Test
  void reportsAnUnknownType() {
    assertThat(validate(singleNode("{'id': 'n', 'type': 'llm', 'label': 'N'}")).problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[0].type"))
        .satisfies(problem -> assertThat(problem.message()).contains("'llm'", "agent_call"));
  }

  @Test
  void reportsAMissingOrBlankLabel() {
    assertThat(problemPaths(singleNode("{'id': 'n', 'type': 'trigger'}")))
        .containsExactly("nodes[0].label");
    assertThat(problemPaths(trigger("").replace("'N'", "'  '"))).containsExactly("nodes[0].label");
    assertThat(problemPaths(trigger("").replace("'N'", "42"))).containsExactly("nodes[0].label");
  }

  @Test
  void reportsAnUnknownFieldOnANode() {
    assertThat(problemPaths(trigger(", 'colour': 'red'"))).containsExactly("nodes[0].colour");
  }

  @Test
  void reportsAFieldThatBelongsToAnotherType() {
    assertThat(problemPaths(trigger(", 'agent_slug': 'blog'")))
        .containsExactly("nodes[0].agent_slug");
  }

  @Test
  void reportsRetryAttemptsOutOfRange() {
    assertThat(problemPaths(trigger(", 'retry': {'max_attempts': 0}")))
        .containsExactly("nodes[0].retry.max_attempts");
    assertThat(problemPaths(trigger(", 'retry': {'max_attempts': 11}")))
        .containsExactly("nodes[0].retry.max_attempts");
    assertThat(problemPaths(trigger(", 'retry': {'max_attempts': 2.5}")))
        .containsExactly("nodes[0].retry.max_attempts");
  }

  @Test
  void reportsRetryBackoffOutOfRange() {
    assertThat(problemPaths(trigger(", 'retry': {'backoff_ms': 600001}")))
        .containsExactly("nodes[0].retry.backoff_ms");
    assertThat(problemPaths(trigger(", 'retry': {'backoff_ms': -1}")))
        .containsExactly("nodes[0].retry.backoff_ms");
  }

  @Test
  void reportsARetryThatIsNotAnObjectOrHasUnknownFields() {
    assertThat(problemPaths(trigger(", 'retry': 3"))).containsExactly("nodes[0].retry");
    assertThat(problemPaths(trigger(", 'retry': {'jitter': true}")))
        .containsExactly("nodes[0].retry.jitter");
  }

  @Test
  void givesRetryDefaultsForFieldsLeftOut() {
    NodeSpec node =
        validate(trigger(", 'retry': {'max_attempts': 4}")).graph().orElseThrow().nodes().get(0);
    assertThat(node.retry()).contains(new RetrySpec(4, RetrySpec.DEFAULT_BACKOFF_MS));
  }

  @Test
  void reportsATimeoutThatIsNotAnIsoDuration() {
    assertThat(problemPaths(trigger(", 'timeout': '2 minutes'")))
        .containsExactly("nodes[0].timeout");
    assertThat(problemPaths(trigger(", 'timeout': 120"))).containsExactly("nodes[0].timeout");
  }

  @Test
  void reportsATimeoutThatIsNotPositiveOrLongerThanADay() {
    assertThat(problemPaths(trigger(", 'timeout': 'PT0S'"))).containsExactly("nodes[0].timeout");
    assertThat(problemPaths(trigger(", 'timeout': '-PT1M'"))).containsExactly("nodes[0].timeout");
    assertThat(problemPaths(trigger(", 'timeout': 'PT24H1S'"))).containsExactly("nodes[0].timeout");
  }

  @Test
  void letsAHumanGateWaitUpToAMonth() {
    String gate = "{'id': 'n', 'type': 'human_gate', 'label': 'N', 'timeout': '%s'}";
    assertThat(problemPaths(singleNode(gate.formatted("PT72H")))).isEmpty();
    assertThat(problemPaths(singleNode(gate.formatted("P31D"))))
        .containsExactly("nodes[0].timeout");
  }
}
