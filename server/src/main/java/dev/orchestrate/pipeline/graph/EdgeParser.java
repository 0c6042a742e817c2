package dev.orchestrate.pipeline.graph;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads one edge and compiles its condition; whether its ends exist is checked later. */
final class EdgeParser {

  private static final Set<String> FIELDS = Set.of("from", "to", "condition");

  private EdgeParser() {}

  static Optional<ParsedEdge> parse(JsonNode json, int index, Problems problems) {
    String path = Paths.edge(index);
    if (!json.isObject()) {
      problems.add(path, "edge must be an object {from, to, condition?}");
      return Optional.empty();
    }
    JsonFields fields = new JsonFields(json, path, problems);
    fields.rejectUnknown(FIELDS, "on an edge");
    Optional<String> from = fields.requiredText("from");
    Optional<String> to = fields.requiredText("to");
    Optional<String> condition = fields.optionalText("condition");
    condition.ifPresent(
        expression -> {
          try {
            Condition.compile(expression);
          } catch (ConditionLimitException e) {
            fields.problem("condition", e.getMessage());
          } catch (ConditionException e) {
            fields.problem("condition", "condition does not compile: " + e.getMessage());
          }
        });
    if (fields.has("condition") && condition.isEmpty()) {
      // A condition that could not be read still marks the edge as conditional for cycle checks,
      // so a typo in it is reported once, not again as an unconditional cycle.
      return Optional.of(new ParsedEdge(index, from, to, Optional.of("")));
    }
    return Optional.of(new ParsedEdge(index, from, to, condition));
  }
}
