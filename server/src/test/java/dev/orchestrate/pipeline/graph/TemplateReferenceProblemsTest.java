package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A template may only name a node that can run before the node using it. */
class TemplateReferenceProblemsTest {

  /** start fans out to left and right, which join in 'end'; {@code prompt} is left's prompt. */
  private static String diamond(String prompt) {
    return """
        {'entry_point': 'start', 'nodes': [
          {'id': 'start', 'type': 'trigger', 'label': 'S'},
          {'id': 'left', 'type': 'agent_call', 'label': 'L', 'agent_slug': 'blog', 'prompt': '%s'},
          {'id': 'right', 'type': 'agent_call', 'label': 'R', 'agent_slug': 'critic'},
          {'id': 'end', 'type': 'finalize', 'label': 'E'}],
         'edges': [{'from': 'start', 'to': 'left'}, {'from': 'start', 'to': 'right'},
                   {'from': 'left', 'to': 'end'}, {'from': 'right', 'to': 'end'}]}
        """
        .formatted(prompt);
  }

  @Test
  void acceptsReferencesToInputAndToNodesThatRunBefore() {
    assertThat(problemPaths(diamond("{{input.topic}} {{ steps.start.output }}"))).isEmpty();
  }

  @Test
  void reportsAReferenceToAnUnknownNode() {
    GraphValidation result = validate(diamond("{{steps.crawl.output.items}}"));

    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[1].prompt"))
        .satisfies(problem -> assertThat(problem.message()).contains("'crawl'"));
  }

  @Test
  void reportsAReferenceToTheNodesOwnOutput() {
    assertThat(problemPaths(diamond("{{steps.left.output}}"))).containsExactly("nodes[1].prompt");
  }

  @Test
  void reportsAReferenceToANodeThatRunsLater() {
    assertThat(problemPaths(diamond("{{steps.end.output}}"))).containsExactly("nodes[1].prompt");
  }

  @Test
  void reportsAReferenceToANodeOnAParallelBranch() {
    GraphValidation result = validate(diamond("{{steps.right.output}}"));

    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[1].prompt"))
        .satisfies(problem -> assertThat(problem.message()).contains("cannot run before 'left'"));
  }

  @Test
  void acceptsAReferenceBackAlongAConditionalCycle() {
    assertThat(
            problemPaths(
                """
                {'entry_point': 'draft', 'nodes': [
                  {'id': 'draft', 'type': 'agent_call', 'label': 'D', 'agent_slug': 'blog',
                   'prompt': 'Improve on: {{steps.review.output.notes}}'},
                  {'id': 'review', 'type': 'agent_call', 'label': 'R', 'agent_slug': 'critic'}],
                 'edges': [{'from': 'draft', 'to': 'review'},
                           {'from': 'review', 'to': 'draft', 'condition': '!steps.review.output.ok'}]}
                """))
        .isEmpty();
  }

  @Test
  void reportsBadReferencesInArgumentsAndOutputAtTheirPaths() {
    assertThat(
            problemPaths(
                """
                {'entry_point': 'fetch', 'nodes': [
                  {'id': 'fetch', 'type': 'mcp_tool', 'label': 'F', 'mcp': 'firecrawl',
                   'tool': 'search', 'arguments': {'query': '{{steps.done.output}}'}},
                  {'id': 'done', 'type': 'finalize', 'label': 'D',
                   'output': {'hits': ['{{steps.fetch.output}}', '{{steps.gone.output}}']}}],
                 'edges': [{'from': 'fetch', 'to': 'done'}]}
                """))
        .containsExactly("nodes[0].arguments.query", "nodes[1].output.hits[1]");
  }
}
