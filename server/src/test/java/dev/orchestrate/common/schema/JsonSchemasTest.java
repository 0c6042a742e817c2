package dev.orchestrate.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Validation of inputs is bounded: linear-time patterns, a step budget, a depth budget. */
class JsonSchemasTest {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  @Test
  void aWholeNumberBeyondTheLongRangeIsCheckedAgainstIntegerBoundsNotRefusedAsUncheckable() {
    // Found by SchemaProperties: the library read -1.0E300 with asLong(), which Jackson 3 refuses.
    CompiledSchema atLeastOne = JsonSchemas.compile(json("{'type': 'integer', 'minimum': 1}"));
    CompiledSchema atMostTen = JsonSchemas.compile(json("{'type': 'integer', 'maximum': 10}"));

    assertThat(atLeastOne.validate(json("-1.0E300"))).hasSize(1);
    assertThat(atLeastOne.validate(json("1.0E300"))).isEmpty();
    assertThat(atMostTen.validate(json("1.0E300"))).hasSize(1);
    assertThat(atMostTen.validate(json("-1.0E300"))).isEmpty();
    CompiledSchema nested =
        JsonSchemas.compile(
            json("{'properties': {'deep': {'items': {'type': 'integer', 'minimum': 1}}}}"));
    assertThat(nested.validate(json("{'deep': [1.0E300, -1.0E300, 2.5]}"))).hasSize(2);
  }

  @Test
  void matchesABacktrackingPatternInLinearTime() {
    // The JDK's engine took 70 s for this pattern against these 40 characters.
    CompiledSchema schema = JsonSchemas.compile(json("{'pattern': '^(.*a){12}$'}"));
    long started = System.nanoTime();

    var errors = schema.validate(JsonNodeFactory.instance.stringNode("a".repeat(39) + "!"));

    assertThat(errors).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void stopsAValidationThatWouldTakeTooManySteps() {
    // Thirty levels of two-way anyOf that all fail: 2^30 paths to try on a number.
    String levels =
        IntStream.range(0, 30)
            .mapToObj(
                i ->
                    "'l%d': {'anyOf': [{'$ref': '#/$defs/l%d'}, {'$ref': '#/$defs/l%d'}]}"
                        .formatted(i, i + 1, i + 1))
            .collect(Collectors.joining(", "));
    String schema = "{'$defs': {" + levels + ", 'l30': {'type': 'string'}}, '$ref': '#/$defs/l0'}";

    assertThatThrownBy(() -> JsonSchemas.compile(json(schema)))
        .isInstanceOf(JsonSchemaException.class)
        .hasMessage(
            "invalid JSON Schema: checking it takes more than 1000000 steps, the most allowed");
  }

  @Test
  void stopsAnInputThatNestsTooDeepForARecursiveSchema() {
    CompiledSchema schema = JsonSchemas.compile(json("{'type': 'array', 'items': {'$ref': '#'}}"));
    JsonNode deep = json("[".repeat(300) + "]".repeat(300));

    assertThat(schema.validate(json("[[[]]]"))).isEmpty();
    assertThatThrownBy(() -> schema.validate(deep))
        .isInstanceOf(JsonSchemaException.class)
        .hasMessageStartingWith("the input could not be checked: its schemas nest more than 256");
  }

  @Test
  void validatesJavaNullAsJsonNull() {
    assertThat(JsonSchemas.compile(json("{'type': 'object'}")).validate(null)).hasSize(1);
  }

  @Test
  void estimatesHowLargeAPatternCompiles() {
    assertThat(PatternSize.estimate("abc")).isEqualTo(3);
    assertThat(PatternSize.estimate("(a{1000}){1000}")).isGreaterThan(1_000_000);
    assertThat(PatternSize.estimate("((a{1000}){1000}){1000}")).isGreaterThan(1_000_000_000);
    assertThat(PatternSize.estimate("[a-z]{3}|\\d{1,5}")).isLessThan(20);
    assertThat(PatternSize.estimate("x{999999999}")).isGreaterThan(Re2Patterns.MAX_PROGRAM_SIZE);
  }
}
