package dev.orchestrate.pipeline.graph;

import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object, reporting each missing or mistyped field as a problem at its
 * path and carrying on, so one mistake does not hide the next. JSON {@code null} counts as absent:
 * editors often send {@code "prompt": null} for a cleared field.
 */
final class JsonFields {

  private final JsonNode object;
  private final String path;
  private final Problems problems;

  JsonFields(JsonNode object, String path, Problems problems) {
    this.object = object;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  String path(String field) {
    return Paths.field(path, field);
  }

  Problems problems() {
    return problems;
  }

  void problem(String field, String message) {
    problems.add(path(field), message);
  }

  boolean has(String field) {
    return optional(field).isPresent();
  }

  Optional<JsonNode> optional(String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<String> requiredText(String field) {
    if (!has(field)) {
      problem(field, "missing " + field);
      return Optional.empty();
    }
    return optionalText(field);
  }

  Optional<String> optionalText(String field) {
    Optional<JsonNode> value = optional(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isString()) {
      problem(field, field + " must be a string");
      return Optional.empty();
    }
    if (value.get().stringValue().isBlank()) {
      problem(field, field + " must not be blank");
      return Optional.empty();
    }
    return Optional.of(value.get().stringValue());
  }

  Optional<Long> optionalInteger(String field, long min, long max) {
    Optional<JsonNode> value = optional(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    JsonNode number = value.get();
    if (!number.isIntegralNumber()
        || !number.canConvertToLong()
        || number.longValue() < min
        || number.longValue() > max) {
      problem(field, field + " must be an integer from " + min + " to " + max);
      return Optional.empty();
    }
    return Optional.of(number.longValue());
  }

  /** An amount of credits: a positive JSON number with at most four decimals, up to {@code max}. */
  Optional<BigDecimal> optionalAmount(String field, BigDecimal max) {
    Optional<JsonNode> value = optional(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isNumber()) {
      problem(field, field + " must be a number of credits");
      return Optional.empty();
    }
    // A number past a double's range (1e400) is read as an infinite double, with no decimal value.
    if ((value.get().isDouble() || value.get().isFloat())
        && !Double.isFinite(value.get().doubleValue())) {
      problem(field, field + " must be at most " + max.toPlainString());
      return Optional.empty();
    }
    BigDecimal amount = value.get().decimalValue();
    if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > Money.SCALE) {
      problem(field, field + " must be a positive number with at most 4 decimals");
      return Optional.empty();
    }
    if (amount.compareTo(max) > 0) {
      problem(field, field + " must be at most " + max.toPlainString());
      return Optional.empty();
    }
    return Optional.of(amount);
  }

  /** Present and an object; a value of another type is a problem. */
  Optional<JsonNode> optionalObject(String field) {
    Optional<JsonNode> value = optional(field);
    if (value.isPresent() && !value.get().isObject()) {
      problem(field, field + " must be an object");
      return Optional.empty();
    }
    return value;
  }

  /** Present and an array; a value of another type is a problem. */
  Optional<JsonNode> optionalArray(String field) {
    Optional<JsonNode> value = optional(field);
    if (value.isPresent() && !value.get().isArray()) {
      problem(field, field + " must be an array");
      return Optional.empty();
    }
    return value;
  }

  void rejectUnknown(Set<String> allowed, String what) {
    for (String field : object.propertyNames()) {
      if (!allowed.contains(field)) {
        problem(field, "unknown field '" + field + "' " + what);
      }
    }
  }
}
