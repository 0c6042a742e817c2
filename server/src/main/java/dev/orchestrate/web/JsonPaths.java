package dev.orchestrate.web;

import dev.orchestrate.common.FieldProblem;
import java.util.List;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a body Jackson could not read into a path and a message a caller can act on, without
 * leaking class names or parser internals.
 */
final class JsonPaths {

  private JsonPaths() {}

  static FieldProblem describe(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return new FieldProblem(
          path(unknown.getPath()), "unknown field '" + unknown.getPropertyName() + "'");
    }
    if (cause instanceof InvalidFormatException format) {
      return new FieldProblem(
          path(format.getPath()),
          "has the wrong format or value: " + shortValue(format.getValue()));
    }
    if (cause instanceof MismatchedInputException mismatch) {
      String target =
          mismatch.getTargetType() == null ? "value" : typeName(mismatch.getTargetType());
      return new FieldProblem(path(mismatch.getPath()), "expected " + target);
    }
    if (cause instanceof StreamReadException parse) {
      var location = parse.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      return new FieldProblem("$", "malformed JSON" + where);
    }
    if (cause instanceof JacksonException other) {
      return new FieldProblem(path(other.getPath()), "could not be read");
    }
    return new FieldProblem("$", "the request body is missing or is not valid JSON");
  }

  static String path(List<JacksonException.Reference> references) {
    if (references == null || references.isEmpty()) {
      return "$";
    }
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : references) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "$" : path.toString();
  }

  /** Bean Validation reports Java property names; the API speaks snake_case. */
  static String snakeCase(String javaPath) {
    return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String typeName(Class<?> type) {
    if (type == String.class) return "a string";
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (List.class.isAssignableFrom(type) || type.isArray()) return "an array";
    if (type == java.util.UUID.class) return "a UUID";
    if (type.isEnum()) return "one of " + List.of(type.getEnumConstants());
    return "an object";
  }

  private static String shortValue(Object value) {
    String text = String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
