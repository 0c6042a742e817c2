package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Problems with the graph as a whole: top-level fields, edges, reachability and cycles. */
class GraphShapeProblemsTest {

  /** Trigger nodes a, b, c, d with entry point a and the given edges. */
  private static String abcd(String edges) {
    return """
        {'entry_point': 'a', 'nodes': [
          {'id': 'a', 'type': 'trigger', 'label': 'A'}, {'id': 'b', 'type': 'trigger', 'label': 'B'},
          {'id': 'c', 'type': 'trigger', 'label': 'C'}, {'id': 'd', 'type': 'trigger', 'label': 'D'}],
         'edges': [%s]}
        """
        .formatted(edges);
  }

  private static final String CHAIN =
      "{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'd'}";

  @Test
  void reportsAGraphThatIsNotAnObjectAtTheEmptyPath() {
    assertThat(problemPaths("[]")).containsExactly("");
  }

  @Test
  void reportsAnUnknownTopLevelField() {
    assertThat(problemPaths(abcd(CHAIN).replace("'entry_point'", "'colour': 1, 'entry_point'")))
        .containsExactly("colour");
  }

  @Test
  void acceptsDescriptionAndMetadataAtTopLevel() {
    assertThat(
            problemPaths(
                abcd(CHAIN)
                    .replace("'entry_point'", "'description': 'd', 'metadata': {}, 'entry_point'")))
        .isEmpty();
  }

  @Test
  void reportsAMissingEntryPoint() {
    assertThat(problemPaths(abcd(CHAIN).replace("'entry_point': 'a',", "")))
        .containsExactly("entry_point");
  }

  @Test
  void reportsAnEntryPointThatIsNoNode() {
    assertThat(problemPaths(abcd(CHAIN).replace("'entry_point': 'a'", "'entry_point': 'z'")))
        .containsExactly("entry_point");
  }

  @Test
  void reportsMissingEmptyOrMistypedNodes() {
    assertThat(problemPaths("{'entry_point': 'a'}")).containsExactly("nodes", "entry_point");
    assertThat(problemPaths("{'entry_point': 'a', 'nodes': []}"))
        .containsExactly("nodes", "entry_point");
    assertThat(problemPaths("{'entry_point': 'a', 'nodes': {'a': {}}}"))
        .containsExactly("nodes", "entry_point");
  }

  @Test
  void reportsEdgesThatAreNotAnArray() {
    assertThat(problemPaths(abcd("").replace("'edges': []", "'edges': {}")))
        .containsExactly("edges", "nodes[1]", "nodes[2]", "nodes[3]");
  }

  @Test
  void reportsAnEdgeToOrFromAnUnknownNode() {
    assertThat(problemPaths(abcd(CHAIN + ", {'from': 'd', 'to': 'e'}, {'from': 'x', 'to': 'a'}")))
        .containsExactly("edges[3].to", "edges[4].from");
  }

  @Test
  void reportsAnEdgeWithMissingOrUnknownFields() {
    assertThat(problemPaths(abcd(CHAIN + ", {'from': 'a'}, {'from': 'a', 'to': 'b', 'weight': 2}")))
        .containsExactly("edges[3].to", "edges[4].weight", "edges[4]");
  }

  @Test
  void reportsADuplicateEdgeAtItsSecondUse() {
    assertThat(problemPaths(abcd(CHAIN + ", {'from': 'b', 'to': 'c', 'condition': 'true'}")))
        .containsExactly("edges[3]");
  }

  @Test
  void reportsANodeUnreachableFromTheEntryPoint() {
    assertThat(problemPaths(abcd("{'from': 'a', 'to': 'b'}, {'from': 'c', 'to': 'd'}")))
        .containsExactly("nodes[2]", "nodes[3]");
  }

  @Test
  void reportsACycleWithoutAConditionOnceNamingItsNodes() {
    GraphValidation result = validate(abcd(CHAIN + ", {'from': 'd', 'to': 'b'}"));

    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("edges[1]"))
        .satisfies(problem -> assertThat(problem.message()).contains("b, c, d"));
  }

  @Test
  void reportsASelfLoopWithoutACondition() {
    assertThat(problemPaths(abcd(CHAIN + ", {'from': 'c', 'to': 'c'}")))
        .containsExactly("edges[3]");
  }

  @Test
  void reportsEachUnconditionalCycleSeparately() {
    assertThat(
            problemPaths(
                abcd(
                    "{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'a'},"
                        + " {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'd'},"
                        + " {'from': 'd', 'to': 'c'}")))
        .containsExactly("edges[0]", "edges[3]");
  }

  @Test
  void acceptsACycleWithOneConditionalEdgeAndAConditionalSelfLoop() {
    assertThat(
            problemPaths(
                abcd(
                    CHAIN
                        + ", {'from': 'd', 'to': 'b', 'condition': 'input.retry'},"
                        + " {'from': 'd', 'to': 'd', 'condition': 'steps.d.status == \"failed\"'}")))
        .isEmpty();
  }

  @Test
  void reportsAConditionThatDoesNotCompile() {
    GraphValidation result =
        validate(abcd(CHAIN.replace("'to': 'b'", "'to': 'b', 'condition': 'input.x >'")));

    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("edges[0].condition"))
        .satisfies(problem -> assertThat(problem.message()).contains("ERROR"));
  }

  @Test
  void reportsAConditionThatIsNotABoolOrNamesAnUnknownVariable() {
    assertThat(problemPaths(abcd(CHAIN.replace("'to': 'b'", "'to': 'b', 'condition': '1 + 2'"))))
        .containsExactly("edges[0].condition");
    assertThat(problemPaths(abcd(CHAIN.replace("'to': 'b'", "'to': 'b', 'condition': 'x == 1'"))))
        .containsExactly("edges[0].condition");
    assertThat(problemPaths(abcd(CHAIN.replace("'to': 'b'", "'to': 'b', 'condition': true"))))
        .containsExactly("edges[0].condition");
  }

  @Test
  void reportsMaxStepsThatIsNotAnIntegerFromOneToTenThousand() {
    for (String value : new String[] {"0", "10001", "'many'", "2.5"}) {
      assertThat(
              problemPaths(
                  abcd(CHAIN)
                      .replace("'entry_point'", "'max_steps': " + value + ", 'entry_point'")))
          .as(value)
          .containsExactly("max_steps");
    }
  }

  @Test
  void reportsMoreThanTwoHundredNodesWithoutCheckingEachOne() {
    String nodes = IntStream.range(0, 201).mapToObj(i -> "{}").collect(Collectors.joining(","));

    assertThat(problemPaths("{'entry_point': 'a', 'nodes': [" + nodes + "]}"))
        .containsExactly("nodes");
  }

  @Test
  void reportsMoreThanAThousandEdgesWithoutCheckingEachOne() {
    String edges = IntStream.range(0, 1001).mapToObj(i -> "{}").collect(Collectors.joining(","));

    assertThat(problemPaths(abcd(edges))).containsExactly("edges");
  }
}
