package dev.orchestrate.mcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Drive without an account: searches and reads the bundled sample files, answering in the
 * words of {@code @piotr-agier/google-drive-mcp} (one text block each). The samples are text files,
 * the only kind the real {@code readTextFile} reads. An id it does not know reads as a default
 * document, so a pipeline started with any file id still runs.
 */
final class SimulatedGdrive implements SimulatedTools.Service {

  private static final int DEFAULT_PAGE_SIZE = 50;
  private static final int MAX_PAGE_SIZE = 100;
  private static final String DEFAULT_ORDER = "modifiedTime desc";

  private final List<JsonNode> files = new ArrayList<>();
  private final JsonNode defaultFile;

  SimulatedGdrive(JsonNode samples) {
    samples.get("files").forEach(files::add);
    this.defaultFile = samples.get("default_file");
  }

  @Override
  public String preset() {
    return "gdrive";
  }

  @Override
  public Map<String, SimulatedTools.Handler> handlers() {
    return Map.of("search", this::search, "readTextFile", this::read);
  }

  /** Drive's {@code fullText contains}: every word in the name or the content. */
  private ObjectNode search(JsonNode arguments) {
    SearchTerms terms = SearchTerms.of(arguments.get("query").asString());
    int pageSize =
        Math.clamp(arguments.path("pageSize").asInt(DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE);
    int offset = SimulatedTools.offset(arguments.path("pageToken").asString(""));
    String orderBy = arguments.path("orderBy").asString(DEFAULT_ORDER);
    List<JsonNode> found =
        files.stream()
            .filter(f -> terms.matches(f.get("name").asString() + "\n" + content(f)) > 0)
            .sorted(order(orderBy))
            .toList();
    int end = Math.min(found.size(), offset + pageSize);
    List<JsonNode> page = found.subList(Math.min(offset, end), end);
    StringBuilder text =
        new StringBuilder("Found ")
            .append(page.size())
            .append(" files (ordered by ")
            .append(orderBy)
            .append("):");
    for (JsonNode file : page) {
      text.append('\n')
          .append(file.get("name").asString())
          .append(" (")
          .append(file.get("mimeType").asString())
          .append(") [id: ")
          .append(file.get("id").asString())
          .append(", path: /] [created: N/A, modified: ")
          .append(file.get("modifiedTime").asString())
          .append(']');
    }
    if (end < found.size()) {
      text.append("\n\nMore results available. Use pageToken: ")
          .append(SimulatedTools.cursor(end))
          .append("\nPass orderBy: ")
          .append(orderBy)
          .append(" again to keep this ordering.");
    }
    return SimulatedTools.textResult(text.toString()).put("isError", false);
  }

  private ObjectNode read(JsonNode arguments) {
    String id = arguments.get("fileId").asString();
    JsonNode file =
        files.stream().filter(f -> f.get("id").asString().equals(id)).findFirst().orElse(null);
    String name;
    String mimeType;
    String content;
    if (file != null) {
      name = file.get("name").asString();
      mimeType = file.get("mimeType").asString();
      content = content(file);
    } else {
      name = defaultFile.get("name").asString().replace("{fileId}", id);
      mimeType = defaultFile.get("mimeType").asString();
      content = defaultFile.get("content").asString().replace("{fileId}", id);
    }
    int length = content.codePointCount(0, content.length());
    int maxLength = Math.max(0, arguments.path("maxLength").asInt(Integer.MAX_VALUE));
    boolean truncated = length > maxLength;
    String shown =
        truncated ? content.substring(0, content.offsetByCodePoints(0, maxLength)) : content;
    String header =
        "File: %s\nMIME type: %s\nLength: %d characters\nTruncated: %s\n---\n"
            .formatted(
                name, mimeType, length, truncated ? "yes (showing first " + maxLength + ")" : "no");
    return SimulatedTools.textResult(header + shown).put("isError", false);
  }

  private static String content(JsonNode file) {
    return file.get("content").asString();
  }

  private static Comparator<JsonNode> order(String orderBy) {
    Comparator<JsonNode> byName = Comparator.comparing((JsonNode f) -> f.get("name").asString());
    Comparator<JsonNode> byTime = Comparator.comparing(f -> f.get("modifiedTime").asString());
    if (orderBy.startsWith("name")) {
      return byName;
    }
    return orderBy.endsWith("desc") ? byTime.reversed() : byTime;
  }
}
