package dev.orchestrate.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ForAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The graph validator over mutated graphs: it never throws, and what it accepts runs. */
class GraphValidatorProperties {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonNode EXAMPLE = Graphs.json(Graphs.CONTRACT_EXAMPLE);
  private static final List<String> CONDITIONS =
      List.of(
          "true",
          "input.query == 'x'",
          "steps.validate_input.status == 'completed'",
          "input.x >",
          "1 + 2",
          ConditionLimitsTest.SEVEN_NESTED,
          "[1,2,3].all(a, [1,2].exists(b, a > b))",
          "input.items.all(a, input.items.all(b, a + b >= 0))",
          "size(steps.crawl_announcements.output) > 0");
  private static final List<String> TEXTS =
      List.of(
          "{{input.query}}",
          "{{steps.finalize.output}}",
          "{{steps.nope.output}}",
          "{{",
          "{{input",
          "}}",
          "validate_input",
          "finalize",
          "agent_call",
          "validation",
          "human_gate",
          "mcp_tool",
          "trigger",
          "firecrawl",
          "optimist",
          "PT1S",
          "",
          "\u0000");

  /** {@code graph} with one change somewhere: a value replaced, removed, or duplicated. */
  private static JsonNode mutate(Random random, JsonNode graph, boolean top) {
    if (!top && (!graph.isContainer() || graph.isEmpty() || random.nextInt(4) == 0)) {
      return replacement(random);
    }
    if (graph.isObject()) {
      ObjectNode out = ((ObjectNode) graph).deepCopy();
      List<String> keys = new ArrayList<>(out.propertyNames());
      String key = Generated.pick(random, keys);
      switch (random.nextInt(4)) {
        case 0 -> out.remove(key);
        case 1 ->
            out.set(
                Generated.pick(
                    random,
                    "condition",
                    "schema",
                    "timeout",
                    "retry",
                    "max_steps",
                    "type",
                    "extra"),
                replacement(random));
        default -> out.set(key, mutate(random, out.get(key), false));
      }
      return out;
    }
    ArrayNode out = ((ArrayNode) graph).deepCopy();
    int index = random.nextInt(out.size());
    switch (random.nextInt(4)) {
      case 0 -> out.remove(index);
      case 1 -> out.add(out.get(index).deepCopy());
      default -> out.set(index, mutate(random, out.get(index), false));
    }
    return out;
  }

  private static JsonNode replacement(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> NODES.stringNode(Generated.pick(random, CONDITIONS));
      case 1 -> NODES.stringNode(Generated.pick(random, TEXTS));
      case 2 -> SchemaProperties.schema(random, 3);
      case 3 -> NODES.numberNode(Generated.pick(random, -1, 0, 1, 99_999, Integer.MAX_VALUE));
      default -> Generated.json(random, 3);
    };
  }

  private static final List<String> IDS =
      List.of(
          "validate_input",
          "crawl_announcements",
          "analyze_eligibility",
          "generate_documents",
          "review_documents",
          "finalize");

  /** An edit a person makes: a schema, a conditional edge, a templated output or argument. */
  private static JsonNode edited(Random random, JsonNode graph) {
    ObjectNode out = ((ObjectNode) graph).deepCopy();
    ArrayNode nodes = (ArrayNode) out.get("nodes");
    switch (random.nextInt(4)) {
      case 0 -> ((ObjectNode) nodes.get(0)).set("schema", SchemaProperties.schema(random, 3));
      case 1 -> {
        int from = random.nextInt(IDS.size() - 1);
        int to = from + 1 + random.nextInt(IDS.size() - 1 - from);
        ((ArrayNode) out.get("edges"))
            .addObject()
            .put("from", IDS.get(from))
            .put("to", IDS.get(to))
            .put("condition", Generated.pick(random, CONDITIONS));
      }
      case 2 -> ((ObjectNode) nodes.get(5)).set("output", templated(random));
      default ->
          ((ObjectNode) nodes.get(1).get("arguments"))
              .put("query", Generated.pick(random, TEXTS) + Generated.pick(random, TEXTS));
    }
    return out;
  }

  private static JsonNode templated(Random random) {
    ObjectNode output = NODES.objectNode();
    output.put("all", Generated.pick(random, TEXTS));
    output.set("raw", Generated.json(random, 2));
    return output;
  }

  /** Up to three edits a person makes, then, half the time, one blind change anywhere. */
  private static JsonNode mutated(Random random) {
    JsonNode graph = EXAMPLE;
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      graph = edited(random, graph);
    }
    return random.nextBoolean() ? mutate(random, graph, true) : graph;
  }

  @Test
  void neverThrowsAndReportsEveryProblemInPlainWords() {
    var accepted = new AtomicInteger();
    ForAll.check(
        "mutated graph",
        GraphValidatorProperties::mutated,
        graph -> {
          GraphValidation result = new GraphValidator().validate(graph, Graphs.WORKSPACE);

          assertThat(result.problems())
              .allSatisfy(
                  problem ->
                      assertThat(problem.message())
                          .doesNotContainPattern(Generated.JAVA_TYPE)
                          .isNotEqualTo("graph could not be validated"));
          assertThat(result.graph().isPresent()).isEqualTo(result.problems().isEmpty());
          result.graph().ifPresent(definition -> assertRuns(definition, graph));
          result.graph().ifPresent(definition -> accepted.incrementAndGet());
        });
    assertThat(accepted.get()).isGreaterThan(ForAll.TRIES / 20);
  }

  @Test
  void neverThrowsOnAnyJson() {
    ForAll.check(
        "any JSON",
        random -> Generated.json(random, 5),
        json ->
            assertThat(new GraphValidator().validate(json, Graphs.WORKSPACE).problems())
                .isNotEmpty());
  }

  /** What saved compiles as the engine compiles it, and its schemas validate an input. */
  private static void assertRuns(GraphDefinition definition, JsonNode graph) {
    for (EdgeSpec edge : definition.edges()) {
      edge.condition().ifPresent(Condition::compile);
    }
    for (NodeSpec node : definition.nodes()) {
      if (node instanceof ValidationNode validation && validation.schema().isPresent()) {
        SchemaProperties.assertValidatesWithoutSurprises(validation.schema().get(), graph);
      }
    }
  }
}
