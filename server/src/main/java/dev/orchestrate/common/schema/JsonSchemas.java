package dev.orchestrate.common.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.dialect.DialectId;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * JSON Schema 2020-12 as every part of the service uses it: the graph validator, the engine's
 * validation node and the MCP tools' argument checks all compile through {@link #compile}, so a
 * schema that saves also runs.
 *
 * <p>A schema is self-contained: {@code $ref}, {@code $dynamicRef} and the like resolve only inside
 * the same schema, and every loader ({@code classpath:}, {@code file:}, {@code http(s):}, ...) is
 * off. Validation is bounded by a number of steps and a depth, and patterns match in linear time
 * (see {@link Re2Patterns}).
 */
public final class JsonSchemas {

  /** Most evaluation steps (a schema entered, a keyword applied) one validation may take. */
  public static final long MAX_EVALUATION_STEPS = 1_000_000;

  /** Deepest nesting of schemas one validation may reach (a schema that refers to itself...). */
  public static final int MAX_EVALUATION_DEPTH = 256;

  /** The meta-schema of 2020-12 and its vocabularies: the only documents ever loaded. */
  private static final Set<String> BUNDLED_META_SCHEMAS =
      Set.of(
          DialectId.DRAFT_2020_12,
          "https://json-schema.org/draft/2020-12/meta/core",
          "https://json-schema.org/draft/2020-12/meta/applicator",
          "https://json-schema.org/draft/2020-12/meta/unevaluated",
          "https://json-schema.org/draft/2020-12/meta/validation",
          "https://json-schema.org/draft/2020-12/meta/meta-data",
          "https://json-schema.org/draft/2020-12/meta/format-annotation",
          "https://json-schema.org/draft/2020-12/meta/content");

  private static final SchemaRegistryConfig CONFIG =
      SchemaRegistryConfig.builder()
          .regularExpressionFactory(Re2Patterns.INSTANCE)
          .executionContextCustomizer(
              (execution, schema) ->
                  execution.executionConfig(
                      limits ->
                          limits
                              .maxEvaluationSteps(MAX_EVALUATION_STEPS)
                              .maxEvaluationDepth(MAX_EVALUATION_DEPTH)))
          .build();

  private static final SchemaLoader NOTHING = new Refusing(Set.of());

  private static final String INVALID = "invalid JSON Schema";

  private JsonSchemas() {}

  /**
   * Compiles {@code schema} and exercises it as every validation will: each reference is resolved
   * wherever it sits ({@link References}), and a JSON null is validated once, so a reference that
   * resolves nowhere or a schema that refers to itself without end is found now, not at run time.
   * Throws {@link JsonSchemaException} saying what is wrong.
   */
  public static CompiledSchema compile(JsonNode schema) {
    Schema compiled;
    try {
      // A registry per schema: registries cache by $id, and one schema's $id must not leak into
      // another's.
      compiled = registry(NOTHING).getSchema(schema);
      compiled.initializeValidators();
    } catch (RuntimeException e) {
      throw new JsonSchemaException(JsonSchemaFailures.describe(e, INVALID, ""), e);
    }
    References.resolveAll(compiled);
    try {
      compiled.validate(JsonNodeFactory.instance.nullNode());
    } catch (ValidationLimitExceededException e) {
      if (e.getLimitKind() != ValidationLimitExceededException.LimitKind.EVALUATION_DEPTH) {
        throw new JsonSchemaException(JsonSchemaFailures.describe(e, INVALID, ""), e);
      }
      // null has no depth of its own: a schema this deep for it refers to itself without end.
      throw new JsonSchemaException(
          INVALID
              + ": it refers to itself without end (more than "
              + MAX_EVALUATION_DEPTH
              + " levels deep for a null)",
          e);
    } catch (RuntimeException e) {
      throw new JsonSchemaException(JsonSchemaFailures.describe(e, INVALID, ""), e);
    }
    return new CompiledSchema(compiled);
  }

  /**
   * What the 2020-12 meta-schema finds wrong with {@code schema} (empty when nothing), within the
   * same limits as any validation.
   */
  public static List<Error> metaSchemaErrors(JsonNode schema) {
    try {
      return MetaSchema.INSTANCE.validate(schema);
    } catch (RuntimeException e) {
      throw new JsonSchemaException(
          JsonSchemaFailures.describe(e, "the schema could not be checked", ""), e);
    }
  }

  private static SchemaRegistry registry(SchemaLoader loader) {
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaLoader(loader).schemaRegistryConfig(CONFIG));
  }

  /** Loaded on first use from the library's bundled copy, and from nowhere else. */
  private static final class MetaSchema {
    static final Schema INSTANCE =
        registry(new Refusing(BUNDLED_META_SCHEMAS))
            .getSchema(SchemaLocation.of(DialectId.DRAFT_2020_12));
  }

  /**
   * Loads only the documents it names, from the library's bundled copies; refuses every other
   * address before any loader sees it.
   */
  private static final class Refusing extends SchemaLoader {

    private final Set<String> allowed;

    Refusing(Set<String> allowed) {
      super(List.of(), List.of());
      this.allowed = allowed;
    }

    @Override
    public InputStreamSource getSchemaResource(AbsoluteIri iri) {
      String address = String.valueOf(iri);
      if (!allowed.contains(address.replaceFirst("#$", ""))) {
        throw new JsonSchemaFailures.RefusedReference(address);
      }
      return super.getSchemaResource(iri);
    }
  }
}
