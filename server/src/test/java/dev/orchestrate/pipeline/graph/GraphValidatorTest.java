package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.CONTRACT_EXAMPLE;
import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {

  @Test
  void acceptsTheContractExampleAndParsesItsModel() {
    GraphValidation result = validate(CONTRACT_EXAMPLE);

    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
    GraphDefinition graph = result.graph().orElseThrow();
    assertThat(graph.entryPoint()).isEqualTo("validate_input");
    assertThat(graph.maxSteps()).isEqualTo(100);
    assertThat(graph.nodes())
        .extracting(NodeSpec::type)
        .containsExactly(
            "validation", "mcp_tool", "agent_call", "agent_call", "agent_call", "finalize");
    AgentCallNode analyze = (AgentCallNode) graph.node("analyze_eligibility").orElseThrow();
    assertThat(analyze.agentSlugs()).containsExactly("optimist", "critic");
    assertThat(analyze.multiAgent()).isTrue();
    assertThat(analyze.maxToolRounds()).isEqualTo(5);
    assertThat(analyze.prompt().orElseThrow().references())
        .extracting(TemplateRef::path)
        .containsExactly("steps.crawl_announcements.output", "input.query");
    AgentCallNode blog = (AgentCallNode) graph.node("generate_documents").orElseThrow();
    assertThat(blog.multiAgent()).isFalse();
    McpToolNode crawl = (McpToolNode) graph.node("crawl_announcements").orElseThrow();
    assertThat(crawl.arguments().get("query").stringValue()).isEqualTo("{{input.query}}");
    assertThat(graph.outgoing("crawl_announcements"))
        .containsExactly(EdgeSpec.always("crawl_announcements", "analyze_eligibility"));
    assertThat(graph.incoming("crawl_announcements"))
        .containsExactly(EdgeSpec.always("validate_input", "crawl_announcements"));
    assertThat(graph.node("nope")).isEmpty();
  }

  @Test
  void acceptsAFanOutThatJoinsAgain() {
    GraphValidation result =
        validate(
            """
            {'entry_point': 'start', 'max_steps': 20,
             'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start', 'position': {'x': 0, 'y': 0}},
               {'id': 'left', 'type': 'agent_call', 'label': 'L', 'agent_slug': 'optimist'},
               {'id': 'right', 'type': 'agent_call', 'label': 'R', 'agent_slug': 'critic',
                'retry': {'max_attempts': 5, 'backoff_ms': 200}, 'timeout': 'PT2M'},
               {'id': 'join', 'type': 'finalize', 'label': 'Join',
                'output': {'l': '{{steps.left.output}}', 'r': '{{steps.right.output}}',
                           'q': 'asked {{input.q}}'}}],
             'edges': [{'from': 'start', 'to': 'left'}, {'from': 'start', 'to': 'right'},
                       {'from': 'left', 'to': 'join'}, {'from': 'right', 'to': 'join'}]}
            """);

    assertThat(result.problems()).isEmpty();
    GraphDefinition graph = result.graph().orElseThrow();
    assertThat(graph.maxSteps()).isEqualTo(20);
    assertThat(graph.outgoing("start")).hasSize(2);
    assertThat(graph.incoming("join")).hasSize(2);
    NodeSpec right = graph.node("right").orElseThrow();
    assertThat(right.retry()).contains(new RetrySpec(5, 200));
    assertThat(right.timeout()).contains(Duration.ofMinutes(2));
  }

  @Test
  void acceptsACycleBrokenByAConditionalEdge() {
    GraphValidation result =
        validate(
            """
            {'entry_point': 'draft',
             'nodes': [
               {'id': 'draft', 'type': 'agent_call', 'label': 'Draft', 'agent_slug': 'blog'},
               {'id': 'review', 'type': 'agent_call', 'label': 'Review', 'agent_slug': 'critic',
                'prompt': 'Review: {{steps.draft.output}}'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [
               {'from': 'draft', 'to': 'review'},
               {'from': 'review', 'to': 'draft', 'condition': 'steps.review.output.score < 7'},
               {'from': 'review', 'to': 'done', 'condition': 'steps.review.output.score >= 7'}]}
            """);

    assertThat(result.problems()).isEmpty();
    assertThat(result.graph().orElseThrow().outgoing("review"))
        .extracting(EdgeSpec::condition)
        .containsExactly(
            Optional.of("steps.review.output.score < 7"),
            Optional.of("steps.review.output.score >= 7"));
  }

  @Test
  void acceptsAHumanGateWhoseRejectionIsTested() {
    GraphValidation result =
        validate(
            """
            {'entry_point': 'write',
             'nodes': [
               {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'blog'},
               {'id': 'await_approval', 'type': 'human_gate', 'label': 'Approve',
                'approvers': ['owner', 'member'], 'timeout': 'PT24H',
                'message': 'Publish this? {{steps.write.output}}'},
               {'id': 'publish', 'type': 'finalize', 'label': 'Publish'},
               {'id': 'rewrite', 'type': 'agent_call', 'label': 'Rewrite', 'agent_slug': 'realist'}],
             'edges': [
               {'from': 'write', 'to': 'await_approval'},
               {'from': 'await_approval', 'to': 'publish',
                'condition': 'steps.await_approval.output.decision == "approved"'},
               {'from': 'await_approval', 'to': 'rewrite',
                'condition': 'steps.await_approval.output.decision == "rejected"'}]}
            """);

    assertThat(result.problems()).isEmpty();
    HumanGateNode gate = (HumanGateNode) result.graph().orElseThrow().node("await_approval").get();
    assertThat(gate.approvers()).containsExactly("owner", "member");
    assertThat(gate.timeout()).contains(Duration.ofHours(24));
    assertThat(gate.message().orElseThrow().references())
        .extracting(TemplateRef::path)
        .containsExactly("steps.write.output");
  }

  @Test
  void givesAHumanGateTheDefaultApprovers() {
    GraphValidation result =
        validate(Graphs.singleNode("{'id': 'n', 'type': 'human_gate', 'label': 'Gate'}"));

    HumanGateNode gate = (HumanGateNode) result.graph().orElseThrow().nodes().getFirst();
    assertThat(gate.approvers()).containsExactly("owner", "admin");
    assertThat(gate.message()).isEmpty();
  }

  @Test
  void reportsEveryProblemOfAGraphWithSeveralMistakes() {
    List<String> paths =
        problemPaths(
            """
            {'entry_point': 'start', 'max_steps': 0, 'colour': 'blue',
             'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'Bad Id', 'type': 'agent_call', 'label': 'A', 'agent_slug': 'ghost'},
               {'id': 'fetch', 'type': 'mcp_tool', 'label': '', 'mcp': 'slack', 'tool': 'post',
                'arguments': {'text': '{{steps.nowhere.output}}'}},
               {'id': 'check', 'type': 'validation', 'label': 'Check', 'schema': {'type': 'strung'}},
               {'id': 'loner', 'type': 'wizard', 'label': 'Loner'}],
             'edges': [
               {'from': 'start', 'to': 'Bad Id'},
               {'from': 'start', 'to': 'fetch', 'condition': 'input.x >'},
               {'from': 'fetch', 'to': 'check'},
               {'from': 'check', 'to': 'fetch'},
               {'from': 'check', 'to': 'ghost'}]}
            """);

    assertThat(paths)
        .containsExactlyInAnyOrder(
            "colour",
            "max_steps",
            "nodes[1].id",
            "nodes[1].agent_slug",
            "nodes[2].label",
            "nodes[2].mcp",
            "nodes[2].arguments.text",
            "nodes[3].schema",
            "nodes[4].type",
            "nodes[4]",
            "edges[1].condition",
            "edges[2]",
            "edges[4].to");
  }

  @Test
  void neverThrowsOnJsonThatIsNotAGraph() {
    assertThat(problemPaths("[1, 2]")).containsExactly("");
    assertThat(problemPaths("'graph'")).containsExactly("");
    assertThat(new GraphValidator().validate(null, Graphs.WORKSPACE).problems())
        .extracting(GraphProblem::path)
        .containsExactly("");
    assertThat(problemPaths("{'entry_point': 7, 'nodes': [null, 3, []], 'edges': [null, 'x', []]}"))
        .containsExactly(
            "entry_point", "nodes[0]", "nodes[1]", "nodes[2]", "edges[0]", "edges[1]", "edges[2]");
  }
}
