package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Generated.JAVA_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ForAll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Conditions: any text compiles or is refused in plain words, and what compiles runs bounded. */
class ConditionProperties {

  private static final List<String> TOKENS =
      List.of(
          "input",
          "steps",
          ".",
          "a",
          "b",
          "x",
          "items",
          "output",
          "status",
          "score",
          " ",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          ",",
          ":",
          "?",
          "!",
          "-",
          "+",
          "*",
          "/",
          "%",
          "==",
          "!=",
          "<",
          ">=",
          "&&",
          "||",
          " in ",
          "0",
          "1",
          "7",
          "3.5",
          "1u",
          "'s'",
          "\"t\"",
          "b'x'",
          "true",
          "null",
          ".all(",
          ".exists(",
          ".exists_one(",
          ".map(",
          ".filter(",
          "size(",
          "has(",
          "int(",
          "string(",
          ".matches(",
          "'a*b'",
          "duration(",
          "timestamp(",
          "dyn(",
          "type(",
          "[1, 2, 3]");

  private static final List<String> MACROS =
      List.of("all", "exists", "exists_one", "map", "filter");

  /** Evaluation never takes longer than this here; the condition's own limit is 50 ms. */
  private static final Duration GENEROUS = Duration.ofSeconds(5);

  private static Map<String, Object> input(Random random) {
    Map<String, Object> input = CelValues.mapFromJson(Generated.json(random, 3));
    Map<String, Object> withItems = new java.util.HashMap<>(input);
    withItems.put(
        "items", IntStream.range(0, random.nextInt(150)).mapToObj(i -> (Object) (long) i).toList());
    withItems.put("text", "a".repeat(random.nextInt(5_000)));
    return withItems;
  }

  private static Map<String, Object> steps(Random random) {
    return CelValues.mapFromJson(
        Graphs.json(
            "{'s': {'status': 'completed', 'output': {'score': "
                + random.nextInt(10)
                + ", 'items': [1, 2]}}}"));
  }

  /** What happened to one condition: compiled or refused, then its evaluation. */
  private static boolean compileAndRun(String expression, Random random) {
    Condition condition;
    try {
      condition = Condition.compile(expression);
    } catch (ConditionException refused) {
      assertThat(refused.getMessage()).doesNotContainPattern(JAVA_TYPE);
      return false;
    }
    long started = System.nanoTime();
    try {
      condition.evaluate(input(random), steps(random));
    } catch (ConditionException failed) {
      assertThat(failed.getMessage()).doesNotContainPattern(JAVA_TYPE);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GENEROUS);
    return true;
  }

  @Test
  void anyTextCompilesOrIsRefusedAndWhatCompilesRunsWithinItsBudget() {
    var random = new Random();
    ForAll.check(
        "arbitrary condition text",
        r -> Generated.tokens(r, TOKENS, 40),
        expression -> compileAndRun(expression, random));
  }

  @Test
  void wellFormedConditionsCompileAndRunWithinTheirBudget() {
    var random = new Random();
    var compiled = new AtomicInteger();
    ForAll.check(
        "well-formed condition",
        ConditionProperties::wellFormed,
        expression -> {
          if (compileAndRun(expression, random)) {
            compiled.incrementAndGet();
          }
        });
    assertThat(compiled.get()).isGreaterThan(ForAll.TRIES / 2);
  }

  /** A small expression of the grammar, so most compile and the evaluator gets real work. */
  private static String wellFormed(Random random) {
    return bool(random, 3);
  }

  private static String bool(Random random, int depth) {
    if (depth == 0) {
      return Generated.pick(
          random, "true", "input.a == 1", "has(input.b)", "steps.s.output.score > 3");
    }
    return switch (random.nextInt(6)) {
      case 0 -> "(" + bool(random, depth - 1) + " && " + bool(random, depth - 1) + ")";
      case 1 -> "(" + bool(random, depth - 1) + " || " + bool(random, depth - 1) + ")";
      case 2 -> "!" + bool(random, depth - 1);
      case 3 ->
          "size("
              + Generated.pick(random, "input.items", "input.text", "[1, 2]")
              + ") "
              + Generated.pick(random, "> ", "== ", "< ")
              + random.nextInt(200);
      case 4 ->
          "input.text.matches('"
              + Generated.pick(random, "a*b", "^a+$", "(a|aa)*c", "(.*a){12}")
              + "')";
      default ->
          range(random)
              + "."
              + Generated.pick(random, "all", "exists", "exists_one")
              + "(v, "
              + bool(random, depth - 1)
              + ")";
    };
  }

  private static String range(Random random) {
    return random.nextInt(3) == 0
        ? Generated.pick(random, "input.items", "steps.s.output.items", "input.missing")
        : IntStream.range(0, random.nextInt(40))
            .mapToObj(String::valueOf)
            .collect(Collectors.joining(",", "[", "]"));
  }

  /** Comprehensions nested {@code depth} deep over literals and data, as in the finding. */
  private static String nested(Random random, int depth, List<String> variables) {
    if (depth == 0) {
      String sum = variables.isEmpty() ? "0" : String.join(" + ", variables);
      return sum + Generated.pick(random, " >= 0", " < 5", " % 2 == 0");
    }
    String variable = "v" + variables.size();
    List<String> inner = new ArrayList<>(variables);
    inner.add(variable);
    String macro = Generated.pick(random, MACROS);
    String body = nested(random, depth - 1, inner);
    String loop = range(random) + "." + macro + "(" + variable + ", " + body + ")";
    return switch (macro) {
      case "map" -> "size(" + range(random) + ".map(" + variable + ", " + body + ")) >= 0";
      case "filter" -> "size(" + range(random) + ".filter(" + variable + ", " + body + ")) >= 0";
      default -> loop;
    };
  }

  @Test
  void nestedComprehensionsAreRefusedOrRunWithinTheirBudget() {
    var random = new Random();
    ForAll.check(
        "nested comprehensions",
        r -> nested(r, 1 + r.nextInt(7), List.of()),
        expression -> {
          compileAndRun(expression, random);
          if (nesting(expression) > Condition.MAX_NESTED_COMPREHENSIONS) {
            assertThat(compiles(expression)).as("compiles").isFalse();
          }
        });
  }

  private static int nesting(String expression) {
    int count = 0;
    for (String macro : MACROS) {
      count += expression.split("\\." + macro + "\\(", -1).length - 1;
    }
    return count;
  }

  private static boolean compiles(String expression) {
    try {
      Condition.compile(expression);
      return true;
    } catch (ConditionException e) {
      return false;
    }
  }
}
