package dev.orchestrate.pipeline.graph;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.DialectId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks a validation node's schema: against the JSON Schema 2020-12 meta-schema, then by compiling
 * it, which finds what the meta-schema cannot see (a {@code $ref} that resolves to nothing, a
 * {@code pattern} that is not a regular expression). The registry's default loader reads bundled
 * meta-schemas only and never fetches a remote {@code $ref}.
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
      List<Error> errors = MetaSchema.INSTANCE.validate(schema);
      if (!errors.isEmpty()) {
        return Optional.of("invalid JSON Schema: " + describe(errors));
      }
      // A registry per schema: registries cache by $id, and one graph's $id must not leak into
      // another's.
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(schema)
          .initializeValidators();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("invalid JSON Schema: " + e.getMessage());
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

  /** Loaded on first use from the library's bundled copy. */
  private static final class MetaSchema {
    static final Schema INSTANCE =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(DialectId.DRAFT_2020_12));
  }
}
