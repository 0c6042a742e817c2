package dev.orchestrate.common.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A schema that {@link JsonSchemas#compile} accepted: it validates within the limits. */
public final class CompiledSchema {

  private final Schema schema;

  CompiledSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * What is wrong with {@code instance} (empty when it is valid); Java {@code null} counts as JSON
   * null. Throws {@link JsonSchemaException} when checking it would take more than {@link
   * JsonSchemas#MAX_EVALUATION_STEPS} steps or nest deeper than {@link
   * JsonSchemas#MAX_EVALUATION_DEPTH}.
   */
  public List<Error> validate(JsonNode instance) {
    try {
      return schema.validate(
          instance == null
              ? JsonNodeFactory.instance.nullNode()
              : IntegralNumbers.forValidation(instance));
    } catch (RuntimeException e) {
      throw new JsonSchemaException(
          JsonSchemaFailures.describe(e, "the input could not be checked", ""), e);
    }
  }
}
