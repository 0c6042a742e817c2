package dev.orchestrate.mcp;

import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.schema.JsonSchemaException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks arguments against a live tool's input schema before the call, so a bad call fails with the
 * same field paths as everywhere else. Servers write schemas of older drafts ({@code $schema}
 * draft-07 is common): the declaration is dropped and the schema read as 2020-12, which agrees on
 * what tools use; a schema that still does not compile is left to the server to enforce.
 */
final class ArgumentChecks {

  private static final JsonMapper MCP_JSON = JsonMapper.builder().build();
  private static final int MAX_CACHED = 1000;

  private final Map<JsonNode, Optional<ArgumentCheck>> compiled = new ConcurrentHashMap<>();

  List<FieldProblem> problems(Map<String, Object> inputSchema, JsonNode arguments) {
    if (inputSchema == null) {
      return List.of();
    }
    JsonNode schema = MCP_JSON.valueToTree(inputSchema);
    if (schema instanceof ObjectNode object) {
      object.remove("$schema");
    }
    if (compiled.size() > MAX_CACHED) {
      compiled.clear();
    }
    return compiled
        .computeIfAbsent(schema, ArgumentChecks::compile)
        .map(check -> check.problems(arguments))
        .orElse(List.of());
  }

  private static Optional<ArgumentCheck> compile(JsonNode schema) {
    try {
      return Optional.of(ArgumentCheck.of(schema));
    } catch (JsonSchemaException e) {
      return Optional.empty();
    }
  }
}
