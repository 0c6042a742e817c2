package dev.orchestrate.common.schema;

/**
 * A JSON Schema that cannot be compiled, or a validation that hit a limit. The message is plain
 * words for the schema's author: it never quotes a file of the server or names a Java type.
 */
public final class JsonSchemaException extends RuntimeException {

  JsonSchemaException(String message) {
    super(message);
  }

  JsonSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
