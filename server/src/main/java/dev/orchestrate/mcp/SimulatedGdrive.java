package dev.orchestrate.mcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Drive without an account: searches and reads the bundled sample files. An id it does not
 * know reads as a default document, so a pipeline started with any file id still runs.
 */
final class SimulatedGdrive implements SimulatedTools.Service {

  private static final int DEFAULT_PAGE_SIZE = 10;
  private static final int NAME_WEIGHT = 2;

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
    return Map.of("gdrive_search", this::search, "gdrive_read_file", this::read);
  }

  private ObjectNode search(JsonNode arguments) {
    SearchTerms terms = SearchTerms.of(arguments.get("query").asString());
    int pageSize = arguments.path("pageSize").asInt(DEFAULT_PAGE_SIZE);
    int offset = SimulatedTools.offset(arguments.path("pageToken").asString(""));
    List<JsonNode> found =
        files.stream()
            .filter(f -> score(f, terms) > 0)
            .sorted(Comparator.comparingInt((JsonNode f) -> score(f, terms)).reversed())
            .toList();
    int end = Math.min(found.size(), offset + pageSize);
    ObjectNode result = SimulatedTools.simulatedResult();
    ArrayNode listed = result.putArray("files");
    for (JsonNode file : found.subList(Math.min(offset, end), end)) {
      listed
          .addObject()
          .put("id", file.get("id").asString())
          .put("name", file.get("name").asString())
          .put("mimeType", file.get("mimeType").asString())
          .put("modifiedTime", file.get("modifiedTime").asString());
    }
    if (end < found.size()) {
      result.put("nextPageToken", SimulatedTools.cursor(end));
    } else {
      result.putNull("nextPageToken");
    }
    return result;
  }

  private ObjectNode read(JsonNode arguments) {
    String id = arguments.get("fileId").asString();
    JsonNode file =
        files.stream().filter(f -> f.get("id").asString().equals(id)).findFirst().orElse(null);
    ObjectNode result = SimulatedTools.simulatedResult();
    ObjectNode answer = result.putObject("file").put("id", id);
    if (file != null) {
      answer
          .put("name", file.get("name").asString())
          .put("mimeType", file.get("mimeType").asString())
          .put("content", file.get("content").asString());
    } else {
      answer
          .put("name", defaultFile.get("name").asString().replace("{fileId}", id))
          .put("mimeType", defaultFile.get("mimeType").asString())
          .put("content", defaultFile.get("content").asString().replace("{fileId}", id));
    }
    return result;
  }

  private static int score(JsonNode file, SearchTerms terms) {
    return NAME_WEIGHT * terms.matches(file.get("name").asString())
        + terms.matches(file.get("content").asString());
  }
}
