package dev.orchestrate.mcp;

import dev.orchestrate.mcp.ToolGateway.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts every tool result in one shape, {@code {content: [blocks], structuredContent?, isError?}} as
 * MCP sends it (a simulated preset answers the same, marked {@code simulated: true}), and cuts one
 * larger than the limit before a model or the database sees it: then only the beginning of its text
 * is kept, {@code truncated: true} and the original size say so, and the text itself ends with a
 * note a model can read.
 */
final class ToolResults {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // MCP's own JSON names (structuredContent, mimeType), not the API's snake_case.
  private static final JsonMapper MCP_JSON = JsonMapper.builder().build();

  private final long maxBytes;

  ToolResults(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A simulated tool's answer, already a {@code CallToolResult} marked {@code simulated}. */
  ToolResult simulated(ToolResult answer) {
    ObjectNode result = NODES.objectNode();
    ArrayNode content = result.putArray("content");
    answer.content().path("content").forEach(content::add);
    JsonNode structured = answer.content().path("structuredContent");
    if (!structured.isMissingNode() && !structured.isNull()) {
      result.set("structuredContent", structured);
    }
    if (answer.isError()) {
      result.put("isError", true);
    }
    result.put("simulated", true);
    return capped(result, text(content, structured), true, answer.isError());
  }

  /**
   * A live server's answer, with the client's secret values masked: a server that echoes its own
   * credentials (an environment dump, an error quoting its key) must not hand them to a model or
   * the database.
   */
  ToolResult live(McpSchema.CallToolResult answer, Redactor redactor) {
    JsonNode tree = masked(MCP_JSON.valueToTree(answer), redactor);
    ObjectNode result = NODES.objectNode();
    ArrayNode content = result.putArray("content");
    tree.path("content").forEach(content::add);
    JsonNode structured = tree.path("structuredContent");
    if (!structured.isMissingNode() && !structured.isNull()) {
      result.set("structuredContent", structured);
    }
    boolean isError = Boolean.TRUE.equals(answer.isError());
    if (isError) {
      result.put("isError", true);
    }
    String text = text(content, structured);
    return capped(result, text, false, isError);
  }

  private ToolResult capped(ObjectNode result, String text, boolean simulated, boolean isError) {
    long bytes = size(result.toString());
    if (bytes <= maxBytes) {
      return new ToolResult(result, simulated, isError, text, bytes, false);
    }
    String note =
        "\n[Truncated: the tool's result was "
            + bytes
            + " bytes, over the limit of "
            + maxBytes
            + "; only its beginning is kept.]";
    long chars = maxBytes;
    ObjectNode cut;
    String kept;
    while (true) {
      kept = prefix(text, Math.max(0, chars - note.length())) + note;
      cut = NODES.objectNode();
      cut.putArray("content").addObject().put("type", "text").put("text", kept);
      if (simulated) {
        cut.put("simulated", true);
      }
      cut.put("truncated", true);
      cut.put("original_bytes", bytes);
      long size = size(cut.toString());
      if (size <= maxBytes || chars <= note.length()) {
        break;
      }
      // Multi-byte characters and escapes make the JSON longer than the text: shrink in proportion.
      chars = chars * maxBytes / size - 64;
    }
    return new ToolResult(cut, simulated, isError, kept, bytes, true);
  }

  /**
   * What a model reads: the text blocks' text, other blocks described in a few words; the
   * structured content's JSON when there are no blocks.
   */
  private static String text(ArrayNode content, JsonNode structured) {
    if (content.isEmpty() && !structured.isMissingNode() && !structured.isNull()) {
      return structured.toString();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode block : content) {
      String type = block.path("type").asString("");
      switch (type) {
        case "text" -> parts.add(block.path("text").asString(""));
        case "image", "audio" ->
            parts.add("[" + type + ": " + block.path("mimeType").asString("unknown type") + "]");
        case "resource" -> {
          JsonNode resource = block.path("resource");
          parts.add(
              resource.has("text")
                  ? resource.path("text").asString("")
                  : "[resource: " + resource.path("uri").asString("") + "]");
        }
        case "resource_link" ->
            parts.add(
                "[link: "
                    + block.path("name").asString("")
                    + " "
                    + block.path("uri").asString("")
                    + "]");
        default -> parts.add(block.toString());
      }
    }
    return String.join("\n", parts);
  }

  private static JsonNode masked(JsonNode node, Redactor redactor) {
    if (node.isString()) {
      String text = node.asString();
      String safe = redactor.redact(text);
      return safe.equals(text) ? node : NODES.stringNode(safe);
    }
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> field.setValue(masked(field.getValue(), redactor)));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, masked(array.get(i), redactor));
      }
    }
    return node;
  }

  /** At most {@code chars} characters, never splitting a surrogate pair. */
  private static String prefix(String text, long chars) {
    if (text.length() <= chars) {
      return text;
    }
    int end = (int) chars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  static long size(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
