package dev.orchestrate.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON document as PostgreSQL prints it back from a {@code jsonb} column ({@code payload::text}):
 * keys shorter first, then by their UTF-8 bytes; {@code ", "} and {@code ": "} between; numbers as
 * {@code numeric} prints them; only quotes, backslashes and control characters escaped. Events
 * delivered from memory are printed so, byte for byte as a replay of the same events reads them.
 */
final class JsonbText {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final Comparator<String> KEY_ORDER =
      Comparator.comparingInt((String k) -> k.getBytes(StandardCharsets.UTF_8).length)
          .thenComparing(
              (a, b) ->
                  Arrays.compareUnsigned(
                      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

  private JsonbText() {}

  static String of(String json) {
    var out = new StringBuilder(json.length() + json.length() / 8);
    write(JSON.readTree(json), out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey(KEY_ORDER));
      out.append('{');
      for (int i = 0; i < fields.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        string(fields.get(i).getKey(), out);
        out.append(": ");
        write(fields.get(i).getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isString()) {
      string(node.asString(), out);
    } else if (node.isNumber()) {
      out.append(
          node.isIntegralNumber()
              ? node.bigIntegerValue().toString()
              : node.decimalValue().toPlainString());
    } else {
      out.append(node.toString()); // true, false, null
    }
  }

  /** As PostgreSQL's escape_json. */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < ' ') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
