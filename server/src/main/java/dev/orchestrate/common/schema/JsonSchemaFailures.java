package dev.orchestrate.common.schema;

import com.networknt.schema.InvalidSchemaRefException;
import com.networknt.schema.SchemaException;
import com.networknt.schema.ValidationLimitExceededException;
import java.util.regex.Pattern;

/** Turns what the schema library throws into plain words for the schema's author. */
final class JsonSchemaFailures {

  // A qualified Java type, as in "java.io.FileNotFoundException: x"; never shown to anyone.
  private static final Pattern JAVA_TYPE =
      Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

  private JsonSchemaFailures() {}

  /**
   * {@code what} went wrong, and why, for any failure while compiling or validating; {@code where}
   * is the path in the schema being walked, when known.
   */
  static String describe(Throwable failure, String what, String where) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      switch (cause) {
        case RefusedReference refused -> {
          return what
              + ": reference '"
              + refused.address()
              + "'"
              + (where.isEmpty() ? "" : " at " + where)
              + " points outside the schema; references must resolve inside the same schema,"
              + " such as '#/$defs/name'";
        }
        case Re2Patterns.BadPattern bad -> {
          return what + ": " + bad.getMessage();
        }
        case ValidationLimitExceededException limit -> {
          return what + ": " + limit(limit);
        }
        case InvalidSchemaRefException unresolved -> {
          return what + ": " + unresolved(unresolved, where);
        }
        default -> {
          // look further down the causes
        }
      }
    }
    if (failure instanceof SchemaException schema && schema.getError() != null) {
      String message = plain(schema.getError().getMessage());
      if (!message.isBlank()) {
        return what + ": " + message;
      }
    }
    return what + ": the schema could not be compiled";
  }

  private static String limit(ValidationLimitExceededException limit) {
    return switch (limit.getLimitKind()) {
      case EVALUATION_STEPS ->
          "checking it takes more than " + limit.getLimit() + " steps, the most allowed";
      case EVALUATION_DEPTH -> "its schemas nest more than " + limit.getLimit() + " levels deep";
    };
  }

  private static String unresolved(InvalidSchemaRefException unresolved, String where) {
    var error = unresolved.getError();
    Object[] arguments = error.getArguments();
    String reference =
        arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "";
    String at = error.getEvaluationPath() != null ? error.getEvaluationPath().toString() : where;
    return "reference '"
        + reference
        + "'"
        + (at == null || at.isEmpty() ? "" : " at " + at)
        + " does not resolve inside the schema";
  }

  private static String plain(String message) {
    return message == null ? "" : JAVA_TYPE.matcher(message).replaceAll("").strip();
  }

  /** Thrown by the loader for any address outside the schema; unwound through the library. */
  static final class RefusedReference extends RuntimeException {

    private final String address;

    RefusedReference(String address) {
      super("refused " + address, null, false, false);
      this.address = address;
    }

    String address() {
      return address;
    }
  }
}
