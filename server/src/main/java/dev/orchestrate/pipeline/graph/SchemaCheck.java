package dev.orchestrate.pipeline.graph;

import com.networknt.schema.Error;
import com.networknt.schema.dialect.DialectId;
import dev.orchestrate.common.schema.JsonSchemaException;
import dev.orchestrate.common.schema.JsonSchemas;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks a validation node's schema: against the JSON Schema 2020-12 meta-schema, then by compiling
 * it exactly as the engine will ({@link JsonSchemas#compile}), which finds what the meta-schema
 * cannot see: a reference that resolves nowhere or outside the schema, a pattern that is not a
 * regular expression, a schema that refers to itself without end.
 */
final class SchemaCheck {

  // Enough to say what is wrong without burying the other problems of the graph.
  private static final int MAX_ERRORS = 5;

  private SchemaCheck() {}

  /** What is wrong with {@code schema}, or empty when it is a valid 2020-12 schema. */
  static Optional<String> problem(JsonNode schema) {
    if (schema.isObject() && schema.has("$schema") && !isDraft202012(schema.get("$schema"))) {
      return Optional.of("schema must use JSON Schema 2020-12: " + DialectId.DRAFT_2020_12);
    }
    try {
      List<Error> errors = JsonSchemas.metaSchemaErrors(schema);
      if (!errors.isEmpty()) {
        return Optional.of("invalid JSON Schema: " + describe(errors));
      }
      JsonSchemas.compile(schema);
      return Optional.empty();
    } catch (JsonSchemaException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static boolean isDraft202012(JsonNode dialect) {
    return dialect.isString()
        && dialect.stringValue().replaceFirst("#$", "").equals(DialectId.DRAFT_2020_12);
  }

  private static String describe(List<Error> errors) {
    return errors.stream()
        .limit(MAX_ERRORS)
        .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
        .collect(Collectors.joining("; "));
  }
}
