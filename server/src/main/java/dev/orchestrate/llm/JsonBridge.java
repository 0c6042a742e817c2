package dev.orchestrate.llm;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Crosses between our JSON (Jackson 3) and the SDKs' (Jackson 2 under their own {@code JsonValue}
 * types) through text, so neither leaks into the other.
 */
final class JsonBridge {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final com.fasterxml.jackson.databind.ObjectMapper SDK_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private JsonBridge() {}

  /** Our JSON as the SDKs' Jackson 2 tree; null becomes an empty object. */
  static com.fasterxml.jackson.databind.JsonNode toSdk(JsonNode node) {
    try {
      return node == null || node.isNull() || node.isMissingNode()
          ? SDK_JSON.createObjectNode()
          : SDK_JSON.readTree(JSON.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("JSON did not survive the trip to the SDK", e);
    }
  }

  /** A tool call's assembled input; empty text (a tool without parameters) is {@code {}}. */
  static JsonNode parseToolInput(String text) throws JacksonException {
    return text == null || text.isBlank()
        ? JsonNodeFactory.instance.objectNode()
        : JSON.readTree(text);
  }

  /** Our JSON as compact text. */
  static String write(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode()
        ? "{}"
        : JSON.writeValueAsString(node);
  }
}
