package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Set;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test fixtures: graphs written as JSON with single quotes, and a workspace to check them in. */
final class Graphs {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  /** The workspace of the contract's example: four agents and the firecrawl connection. */
  static final WorkspaceCatalog WORKSPACE =
      workspace(Set.of("optimist", "critic", "blog", "realist"), Set.of("firecrawl"));

  private Graphs() {}

  static WorkspaceCatalog workspace(Set<String> agents, Set<String> connections) {
    return new WorkspaceCatalog() {
      @Override
      public boolean hasAgent(String slug) {
        return agents.contains(slug);
      }

      @Override
      public boolean hasMcpConnection(String name) {
        return connections.contains(name);
      }
    };
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  static GraphValidation validate(String graph) {
    return new GraphValidator().validate(json(graph), WORKSPACE);
  }

  static List<String> problemPaths(String graph) {
    return validate(graph).problems().stream().map(GraphProblem::path).toList();
  }

  /** A graph whose only node, the entry point, is {@code node} (which must have id 'n'). */
  static String singleNode(String node) {
    return "{'entry_point': 'n', 'nodes': [" + node + "]}";
  }

  /** A graph of a trigger 'start' followed by {@code node} (id 'n'), so templates can use start. */
  static String afterStart(String node) {
    return """
        {'entry_point': 'start',
         'nodes': [{'id': 'start', 'type': 'trigger', 'label': 'Start'}, %s],
         'edges': [{'from': 'start', 'to': 'n'}]}
        """
        .formatted(node);
  }

  /** The example graph of contract/graph-definition.md, verbatim. */
  static final String CONTRACT_EXAMPLE =
      """
      {
        "entry_point": "validate_input",
        "nodes": [
          {"id": "validate_input", "type": "validation", "label": "입력 검증",
           "schema": {"type": "object", "required": ["query"], "properties": {"query": {"type": "string", "minLength": 2}}}},
          {"id": "crawl_announcements", "type": "mcp_tool", "label": "공고 수집",
           "mcp": "firecrawl", "tool": "firecrawl_search", "arguments": {"query": "{{input.query}}"}},
          {"id": "analyze_eligibility", "type": "agent_call", "label": "적합성 분석",
           "agent_slugs": ["optimist", "critic"],
           "prompt": "공고 목록:\\n{{steps.crawl_announcements.output}}\\n\\n요청: {{input.query}}"},
          {"id": "generate_documents", "type": "agent_call", "label": "서류 생성", "agent_slug": "blog"},
          {"id": "review_documents", "type": "agent_call", "label": "서류 검토", "agent_slug": "realist"},
          {"id": "finalize", "type": "finalize", "label": "최종 결과 저장"}
        ],
        "edges": [
          {"from": "validate_input", "to": "crawl_announcements"},
          {"from": "crawl_announcements", "to": "analyze_eligibility"},
          {"from": "analyze_eligibility", "to": "generate_documents"},
          {"from": "generate_documents", "to": "review_documents"},
          {"from": "review_documents", "to": "finalize"}
        ]
      }
      """;
}
