package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.afterStart;
import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.singleNode;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Problems with the fields of each node type, and with what they name in the workspace. */
class NodeTypeProblemsTest {

  private static String agentCall(String fields) {
    return singleNode("{'id': 'n', 'type': 'agent_call', 'label': 'N', " + fields + "}");
  }

  private static String mcpTool(String fields) {
    return singleNode("{'id': 'n', 'type': 'mcp_tool', 'label': 'N'" + fields + "}");
  }

  private static String gate(String fields) {
    return singleNode("{'id': 'n', 'type': 'human_gate', 'label': 'N', " + fields + "}");
  }

  private static String validation(String schema) {
    return singleNode("{'id': 'n', 'type': 'validation', 'label': 'N', 'schema': " + schema + "}");
  }

  @Test
  void reportsAnAgentCallWithoutAnAgent() {
    assertThat(problemPaths(agentCall("'prompt': 'hi'"))).containsExactly("nodes[0].agent_slug");
  }

  @Test
  void reportsAnAgentCallWithBothAgentSlugAndAgentSlugs() {
    assertThat(problemPaths(agentCall("'agent_slug': 'blog', 'agent_slugs': ['critic']")))
        .containsExactly("nodes[0].agent_slugs");
  }

  @Test
  void reportsAnAgentSlugThatIsNotAString() {
    assertThat(problemPaths(agentCall("'agent_slug': ['blog']")))
        .containsExactly("nodes[0].agent_slug");
  }

  @Test
  void reportsAgentSlugsThatAreEmptyNotAnArrayOrRepeated() {
    assertThat(problemPaths(agentCall("'agent_slugs': []")))
        .containsExactly("nodes[0].agent_slugs");
    assertThat(problemPaths(agentCall("'agent_slugs': 'blog'")))
        .containsExactly("nodes[0].agent_slugs");
    assertThat(problemPaths(agentCall("'agent_slugs': ['blog', 'blog', 7]")))
        .containsExactly("nodes[0].agent_slugs[1]", "nodes[0].agent_slugs[2]");
  }

  @Test
  void reportsAnAgentThatTheWorkspaceDoesNotHave() {
    assertThat(problemPaths(agentCall("'agent_slug': 'ghost'")))
        .containsExactly("nodes[0].agent_slug");
    assertThat(problemPaths(agentCall("'agent_slugs': ['blog', 'ghost']")))
        .containsExactly("nodes[0].agent_slugs[1]");
  }

  @Test
  void reportsAToolOnAnUnknownConnectionOrWithoutAName() {
    assertThat(
            problemPaths(
                agentCall(
                    "'agent_slug': 'blog', 'tools': [{'mcp': 'firecrawl', 'tool': 'search'},"
                        + " {'mcp': 'slack', 'tool': 'post'}, {'mcp': 'firecrawl'}, 'x']")))
        .containsExactly("nodes[0].tools[1].mcp", "nodes[0].tools[2].tool", "nodes[0].tools[3]");
  }

  @Test
  void reportsMaxToolRoundsOutOfRange() {
    assertThat(problemPaths(agentCall("'agent_slug': 'blog', 'max_tool_rounds': 0")))
        .containsExactly("nodes[0].max_tool_rounds");
  }

  @Test
  void readsToolsAndMaxToolRounds() {
    AgentCallNode node =
        (AgentCallNode)
            validate(
                    agentCall(
                        "'agent_slug': 'blog', 'max_tool_rounds': 8,"
                            + " 'tools': [{'mcp': 'firecrawl', 'tool': 'search'}]"))
                .graph()
                .orElseThrow()
                .nodes()
                .getFirst();
    assertThat(node.tools()).containsExactly(new ToolRef("firecrawl", "search"));
    assertThat(node.maxToolRounds()).isEqualTo(8);
    assertThat(node.agentSlugs()).containsExactly("blog");
    assertThat(node.multiAgent()).isFalse();
  }

  @Test
  void reportsAMalformedPromptTemplate() {
    assertThat(problemPaths(agentCall("'agent_slug': 'blog', 'prompt': 'Read {{input.query'")))
        .containsExactly("nodes[0].prompt");
  }

  @Test
  void reportsAnMcpToolWithoutConnectionOrTool() {
    assertThat(problemPaths(mcpTool(""))).containsExactly("nodes[0].mcp", "nodes[0].tool");
  }

  @Test
  void reportsAnMcpConnectionThatTheWorkspaceDoesNotHave() {
    assertThat(problemPaths(mcpTool(", 'mcp': 'gdrive', 'tool': 'list'")))
        .containsExactly("nodes[0].mcp");
  }

  @Test
  void reportsArgumentsThatAreNotAnObject() {
    assertThat(problemPaths(mcpTool(", 'mcp': 'firecrawl', 'tool': 'x', 'arguments': ['q']")))
        .containsExactly("nodes[0].arguments");
  }

  @Test
  void reportsAMalformedTemplateInsideArguments() {
    String node =
        "{'id': 'n', 'type': 'mcp_tool', 'label': 'N', 'mcp': 'firecrawl', 'tool': 'x',"
            + " 'arguments': {'query': '{{ }}', 'opts': {'pages': ['{{foo}}']}, 'limit': 5}}";
    assertThat(problemPaths(singleNode(node)))
        .containsExactly("nodes[0].arguments.query", "nodes[0].arguments.opts.pages[0]");
  }

  @Test
  void givesAnMcpToolEmptyArgumentsByDefault() {
    McpToolNode node =
        (McpToolNode)
            validate(mcpTool(", 'mcp': 'firecrawl', 'tool': 'x'")).graph().get().nodes().get(0);
    assertThat(node.arguments().isObject()).isTrue();
    assertThat(node.arguments().isEmpty()).isTrue();
  }

  @Test
  void reportsApproversThatAreEmptyOrNotRoles() {
    assertThat(problemPaths(gate("'approvers': []"))).containsExactly("nodes[0].approvers");
    assertThat(problemPaths(gate("'approvers': 'owner'"))).containsExactly("nodes[0].approvers");
    assertThat(problemPaths(gate("'approvers': ['owner', 'boss', 'owner']")))
        .containsExactly("nodes[0].approvers[1]", "nodes[0].approvers[2]");
  }

  @Test
  void reportsAMalformedGateMessage() {
    assertThat(problemPaths(gate("'message': 'Approve {{steps.n}}?'")))
        .containsExactly("nodes[0].message");
  }

  @Test
  void reportsAnInvalidJsonSchema() {
    GraphValidation result = validate(validation("{'type': 'strung'}"));
    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[0].schema"))
        .satisfies(problem -> assertThat(problem.message()).contains("/type"));
    assertThat(problemPaths(validation("{'minLength': -1}"))).containsExactly("nodes[0].schema");
    assertThat(problemPaths(validation("{'$ref': '#/$defs/missing'}")))
        .containsExactly("nodes[0].schema");
    assertThat(problemPaths(validation("{'type': 'string', 'pattern': '('}")))
        .containsExactly("nodes[0].schema");
  }

  @Test
  void reportsASchemaThatIsNotASchemaOrOfAnotherDialect() {
    assertThat(problemPaths(validation("'object'"))).containsExactly("nodes[0].schema");
    assertThat(problemPaths(validation("{'$schema': 'http://json-schema.org/draft-07/schema#'}")))
        .containsExactly("nodes[0].schema");
  }

  @Test
  void acceptsValidSchemasIncludingBooleanOnes() {
    assertThat(problemPaths(validation("true"))).isEmpty();
    assertThat(
            problemPaths(
                validation(
                    "{'$schema': 'https://json-schema.org/draft/2020-12/schema',"
                        + " '$defs': {'q': {'type': 'string'}},"
                        + " 'properties': {'query': {'$ref': '#/$defs/q'}}}")))
        .isEmpty();
  }

  @Test
  void reportsAMalformedTemplateInFinalizeOutput() {
    assertThat(
            problemPaths(
                afterStart(
                    "{'id': 'n', 'type': 'finalize', 'label': 'N',"
                        + " 'output': {'summary': '{{steps.start}}', 'all': '{{input}}'}}")))
        .containsExactly("nodes[1].output.summary");
  }
}
