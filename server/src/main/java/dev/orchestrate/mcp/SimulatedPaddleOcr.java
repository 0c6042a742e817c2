package dev.orchestrate.mcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * PaddleOCR without a model: "reads" the text a document already carries (a Drive file's text,
 * plain or base64 text) and answers as {@code paddleocr-mcp}'s {@code ocr} tool does: the text with
 * its confidence, or in {@code detailed} mode the JSON of every line. An image it cannot read
 * yields the bundled sample scan, and a second text block says so.
 */
final class SimulatedPaddleOcr implements SimulatedTools.Service {

  private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]{16,}={0,2}$");
  private static final Pattern LOCATION =
      Pattern.compile("^(https?://|file:|/|\\./)\\S*$|^\\S+\\.(png|jpe?g|gif|bmp|tiff?|webp|pdf)$");
  private static final List<String> TEXT_FIELDS = List.of("text", "content", "markdown");
  // What the Drive server's readTextFile puts before a file's text.
  private static final Pattern DRIVE_HEADER =
      Pattern.compile("\\AFile: [^\\n]*\\nMIME type: [^\\n]*\\n(?:[^\\n]*\\n)*?---\\n");
  private static final String NO_TEXT = "No text detected";

  private final JsonNode samples;
  private final JsonMapper json;

  SimulatedPaddleOcr(JsonNode samples, JsonMapper json) {
    this.samples = samples;
    this.json = json;
  }

  @Override
  public String preset() {
    return "paddleocr";
  }

  @Override
  public Map<String, SimulatedTools.Handler> handlers() {
    return Map.of("ocr", this::ocr);
  }

  private ObjectNode ocr(JsonNode arguments) {
    Optional<String> readable = readable(arguments.get("input_data").asString());
    String text = readable.orElseGet(() -> samples.get("scan_text").asString());
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    boolean detailed = arguments.path("output_mode").asString("simple").equals("detailed");
    ObjectNode result = SimulatedTools.textResult(detailed ? detailed(lines) : simple(lines));
    if (readable.isEmpty()) {
      ((ArrayNode) result.get("content"))
          .addObject()
          .put("type", "text")
          .put("text", samples.get("note").asString());
    }
    return result;
  }

  /** The recognised text, then its confidence, as the server's simple mode writes them. */
  private static String simple(List<String> lines) {
    if (lines.isEmpty()) {
      return NO_TEXT;
    }
    return String.join("\n", lines)
        + String.format(
            Locale.ROOT,
            "\n\nConfidence: %.1f%% | %d text lines",
            average(lines) * 100,
            lines.size());
  }

  private String detailed(List<String> lines) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    if (lines.isEmpty()) {
      return json.writeValueAsString(result.put("error", NO_TEXT));
    }
    result.put("text", String.join("\n", lines)).put("confidence", round(average(lines)));
    ArrayNode textLines = result.putArray("text_lines");
    // No image was looked at, so there is no box to report.
    lines.forEach(
        line ->
            textLines
                .addObject()
                .put("text", line)
                .put("confidence", confidence(line))
                .putNull("bbox"));
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(result);
  }

  /** The text {@code input} carries, or empty when it names or holds an image we cannot read. */
  private Optional<String> readable(String input) {
    String data = input.strip();
    if (data.startsWith("{")) {
      try {
        return Optional.of(withoutDriveHeader(textIn(json.readTree(data)).orElse(data)));
      } catch (JacksonException e) {
        return Optional.of(data);
      }
    }
    if (data.startsWith("data:")) {
      return decoded(data.substring(data.indexOf(',') + 1));
    }
    if (LOCATION.matcher(data).matches()) {
      return Optional.empty();
    }
    return BASE64.matcher(data).matches() ? decoded(data) : Optional.of(withoutDriveHeader(data));
  }

  /**
   * The first text field of a tool's result, depth first: a text block of a {@code CallToolResult},
   * a Drive file's content, a page's markdown.
   */
  private static Optional<String> textIn(JsonNode node) {
    for (String field : TEXT_FIELDS) {
      if (node.path(field).isString()) {
        return Optional.of(node.get(field).asString());
      }
    }
    for (JsonNode child : node) {
      if (child.isContainer()) {
        Optional<String> found = textIn(child);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String withoutDriveHeader(String text) {
    return DRIVE_HEADER.matcher(text).replaceFirst("");
  }

  private static Optional<String> decoded(String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      boolean printable = text.chars().allMatch(c -> c >= ' ' || Character.isWhitespace(c));
      return printable ? Optional.of(text) : Optional.empty();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static double average(List<String> lines) {
    return lines.stream().mapToDouble(SimulatedPaddleOcr::confidence).average().orElse(0);
  }

  /** A stable stand-in for a recognizer's score: the same line always scores the same. */
  private static double confidence(String line) {
    return round(0.9 + Math.floorMod(line.hashCode(), 90) / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
