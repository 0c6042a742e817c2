package dev.orchestrate.mcp;

import static java.util.stream.Collectors.joining;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PaddleOCR without a model: "reads" the text a document already carries (a Drive file, plain or
 * base64 text) and splits it into pages and lines. An image it cannot read yields the bundled
 * sample scan, labelled so.
 */
final class SimulatedPaddleOcr implements SimulatedTools.Service {

  private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]{16,}={0,2}$");
  private static final Pattern LOCATION =
      Pattern.compile("^(https?://|file:|/|\\./)\\S*$|^\\S+\\.(png|jpe?g|gif|bmp|tiff?|webp|pdf)$");
  private static final List<String> TEXT_FIELDS = List.of("content", "text", "markdown");

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
    ObjectNode result = SimulatedTools.simulatedResult();
    String text =
        readable(arguments.get("input_data"))
            .orElseGet(
                () -> {
                  result.put("note", samples.get("note").asString());
                  return samples.get("scan_text").asString();
                });
    boolean detailed = !arguments.path("output_mode").asString("detailed").equals("simple");
    List<List<String>> pages =
        Arrays.stream(text.split("\f")).map(SimulatedPaddleOcr::lines).toList();
    result.put(
        "text", pages.stream().map(lines -> String.join("\n", lines)).collect(joining("\n\n")));
    ArrayNode pageNodes = result.putArray("pages");
    for (List<String> lines : pages) {
      ObjectNode page = pageNodes.addObject().put("page", pageNodes.size());
      page.put("text", String.join("\n", lines));
      if (detailed) {
        ArrayNode lineNodes = page.putArray("lines");
        lines.forEach(
            line -> lineNodes.addObject().put("text", line).put("confidence", confidence(line)));
      }
    }
    double average =
        pages.stream()
            .flatMap(List::stream)
            .mapToDouble(SimulatedPaddleOcr::confidence)
            .average()
            .orElse(0);
    return result.put("confidence", round(average));
  }

  private static List<String> lines(String page) {
    return page.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** The text {@code input} carries, or empty when it names or holds an image we cannot read. */
  private Optional<String> readable(JsonNode input) {
    if (input.isObject()) {
      return textIn(input);
    }
    String data = input.asString().strip();
    if (data.startsWith("{")) {
      try {
        return textIn(json.readTree(data)).or(() -> Optional.of(data));
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
    return BASE64.matcher(data).matches() ? decoded(data) : Optional.of(data);
  }

  /**
   * The first text field of a tool's result, depth first: Drive's file content, a page's markdown.
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

  /** A stable stand-in for a recognizer's score: the same line always scores the same. */
  private static double confidence(String line) {
    return round(0.9 + Math.floorMod(line.hashCode(), 90) / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
