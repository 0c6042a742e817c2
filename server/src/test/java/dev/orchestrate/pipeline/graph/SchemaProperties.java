package dev.orchestrate.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.common.schema.CompiledSchema;
import dev.orchestrate.common.schema.JsonSchemaException;
import dev.orchestrate.common.schema.JsonSchemas;
import dev.orchestrate.support.ForAll;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Schemas with references: the check never throws, and what it accepts validates any input. */
class SchemaProperties {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> REFERENCES =
      List.of(
          "#",
          "#/$defs/a",
          "#/$defs/b",
          "#/$defs/missing",
          "#/properties/p",
          "#/$defs/a/items",
          "#anchor",
          "#node",
          "#x",
          "a.json",
          "classpath:application.yml",
          "classpath:/META-INF/MANIFEST.MF",
          "resource:/application.yml",
          "file:///etc/hostname",
          "http://127.0.0.1:1/schema",
          "https://json-schema.org/draft/2020-12/schema",
          "https://json-schema.org/draft/2020-12/meta/core",
          "../../application.yml",
          "urn:x:y",
          "%",
          "");

  private static final List<String> PATTERNS =
      List.of("^a+$", "(a|aa)*$", "^(.*a){12}$", "[", "(?=x)", "\\p{Letter}", "(a{100}){100}", "");

  /** A schema of the keywords that reference, nest and branch, {@code depth} levels deep. */
  static JsonNode schema(Random random, int depth) {
    if (random.nextInt(12) == 0) {
      return NODES.booleanNode(random.nextBoolean());
    }
    ObjectNode schema = NODES.objectNode();
    int keywords = 1 + random.nextInt(3);
    for (int i = 0; i < keywords; i++) {
      switch (random.nextInt(depth <= 0 ? 8 : 16)) {
        case 0 -> schema.put("$ref", Generated.pick(random, REFERENCES));
        case 1 -> schema.put("$dynamicRef", Generated.pick(random, REFERENCES));
        case 2 ->
            schema.put(
                Generated.pick(random, "$anchor", "$dynamicAnchor"),
                Generated.pick(random, "anchor", "node", "x"));
        case 3 ->
            schema.put(
                "type",
                Generated.pick(random, "object", "array", "string", "integer", "null", "nope"));
        case 4 -> schema.put("pattern", Generated.pick(random, PATTERNS));
        case 5 ->
            schema.put(
                Generated.pick(random, "minLength", "maxItems", "minimum"), random.nextInt(5) - 1);
        case 6 -> schema.set("enum", NODES.arrayNode().add(Generated.json(random, 2)).add(1));
        case 7 ->
            schema.put(
                "$id",
                Generated.pick(random, "https://example.com/s", "classpath:/", "a.json", "urn:x"));
        case 8 ->
            schema.set(
                "$defs",
                NODES
                    .objectNode()
                    .set("a", schema(random, depth - 1))
                    .set("b", schema(random, depth - 1)));
        case 9 ->
            schema.set(
                "properties",
                NODES
                    .objectNode()
                    .set("p", schema(random, depth - 1))
                    .set("a", schema(random, depth - 1)));
        case 10 -> schema.set("items", schema(random, depth - 1));
        case 11 ->
            schema.set(Generated.pick(random, "anyOf", "allOf", "oneOf"), branches(random, depth));
        case 12 ->
            schema.set(
                Generated.pick(
                    random,
                    "not",
                    "if",
                    "then",
                    "else",
                    "additionalProperties",
                    "unevaluatedProperties"),
                schema(random, depth - 1));
        case 13 ->
            schema.set(
                "patternProperties",
                NODES
                    .objectNode()
                    .set(Generated.pick(random, PATTERNS), schema(random, depth - 1)));
        case 14 -> schema.set("prefixItems", branches(random, depth));
        default -> schema.set("required", NODES.arrayNode().add("p").add("a"));
      }
    }
    return schema;
  }

  private static ArrayNode branches(Random random, int depth) {
    ArrayNode branches = NODES.arrayNode();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      branches.add(schema(random, depth - 1));
    }
    return branches;
  }

  private record Case(JsonNode schema, JsonNode instance) {}

  @Test
  void theCheckNeverThrowsAndWhatItAcceptsValidatesAnyInput() {
    var accepted = new AtomicInteger();
    var refused = new AtomicInteger();
    ForAll.check(
        "schema with references",
        random -> new Case(schema(random, 4), Generated.json(random, 4)),
        c -> {
          Optional<String> problem = SchemaCheck.problem(c.schema());
          problem.ifPresent(
              message -> assertThat(message).doesNotContainPattern(Generated.JAVA_TYPE));
          if (problem.isEmpty()) {
            accepted.incrementAndGet();
            assertValidatesWithoutSurprises(c.schema(), c.instance());
          } else {
            refused.incrementAndGet();
          }
        });
    // Both sides of the property were exercised, not only refusals.
    assertThat(accepted.get()).isGreaterThan(ForAll.TRIES / 20);
    assertThat(refused.get()).isGreaterThan(ForAll.TRIES / 20);
  }

  /** The engine compiles and validates just so; only a limit may stop it. */
  static void assertValidatesWithoutSurprises(JsonNode schema, JsonNode instance) {
    CompiledSchema compiled = JsonSchemas.compile(schema);
    try {
      compiled.validate(instance);
    } catch (JsonSchemaException limit) {
      // Only a limit may stop a schema that saved; an unresolved reference may not.
      assertThat(limit.getMessage())
          .matches(
              "the input could not be checked: (checking it takes more than \\d+ steps"
                  + "|its schemas nest more than \\d+ levels).*")
          .doesNotContainPattern(Generated.JAVA_TYPE);
    }
  }
}
