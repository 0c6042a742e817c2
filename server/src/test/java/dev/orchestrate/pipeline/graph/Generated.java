package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Generators for the property tests: JSON values and text made of an input's own tokens. */
final class Generated {

  /** A message shown to a person never names a Java type. */
  static final Pattern JAVA_TYPE =
      Pattern.compile("\\b(java|javax|jdk|sun|com|org|dev|tools)\\.[a-z]+\\.[\\w.]*[A-Z]");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> ODD_TEXT =
      List.of("", " ", "\u0000", "é", "\uD83D\uDE00", "\uD800", "\n", "\"", "'", "\\", "{{", "}}");

  private Generated() {}

  @SafeVarargs
  static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** Up to {@code max} tokens, each a token of the language or, now and then, odd text. */
  static String tokens(Random random, List<String> tokens, int max) {
    StringBuilder text = new StringBuilder();
    int count = random.nextInt(max + 1);
    for (int i = 0; i < count; i++) {
      text.append(random.nextInt(10) == 0 ? pick(random, ODD_TEXT) : pick(random, tokens));
    }
    return text.toString();
  }

  static String word(Random random) {
    return pick(random, "a", "b", "items", "x", "score", "0", "1", "-1", "name", "output", "é");
  }

  /** Any JSON value, nested at most {@code depth} deep. */
  static JsonNode json(Random random, int depth) {
    int kind = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt(21) - 10);
      case 3 -> NODES.numberNode(pick(random, 0.5, -1e300, 3.0, Double.MIN_VALUE));
      case 4 -> NODES.stringNode(word(random));
      case 5 -> NODES.stringNode(pick(random, ODD_TEXT));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
          array.add(json(random, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
          object.set(word(random), json(random, depth - 1));
        }
        yield object;
      }
    };
  }

  /** An array nested {@code depth} deep, as deep as the JSON parser lets a request be. */
  static JsonNode deep(int depth) {
    JsonNode value = NODES.stringNode("{{input}}");
    for (int i = 0; i < depth; i++) {
      value = NODES.arrayNode().add(value);
    }
    return value;
  }
}
