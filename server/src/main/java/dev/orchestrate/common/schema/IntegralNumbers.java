package dev.orchestrate.common.schema;

import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whole numbers written as floating point beyond the {@code long} range ({@code -1.0E300}) are
 * given to the validator as big integers. Its {@code minimum} and {@code maximum} for {@code
 * "type": "integer"} read them with {@code asLong()}, which Jackson 3 refuses for such values, so a
 * valid JSON number would stop the check instead of failing it. Nothing else changes: the value is
 * the same number, only its node type differs, and an instance without such numbers is passed on as
 * it is.
 */
final class IntegralNumbers {

  private IntegralNumbers() {}

  static JsonNode forValidation(JsonNode instance) {
    return needsRewrite(instance) ? rewrite(instance) : instance;
  }

  private static boolean needsRewrite(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return !node.canConvertToLong();
    }
    if (node.isContainer()) {
      for (JsonNode child : node.values()) {
        if (needsRewrite(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode rewrite(JsonNode node) {
    if (node.isFloatingPointNumber() && !node.canConvertToLong()) {
      BigDecimal value = node.decimalValue();
      // Beyond 2^63 every double is whole; a BigDecimal with a fraction stays as it is.
      return value.stripTrailingZeros().scale() <= 0
          ? JsonNodeFactory.instance.numberNode(value.toBigIntegerExact())
          : node;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(array.size());
      array.values().forEach(child -> copy.add(rewrite(child)));
      return copy;
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        copy.set(field.getKey(), rewrite(field.getValue()));
      }
      return copy;
    }
    return node;
  }
}
