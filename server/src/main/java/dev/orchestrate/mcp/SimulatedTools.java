package dev.orchestrate.mcp;

import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.mcp.ToolGateway.ToolInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The in-process stand-ins for the preset tools: each a definition (from {@code
 * mcp-samples/tools.json}) paired with its handler, as the MCP SDK registers a tool.
 *
 * <p>The definitions are the real servers' own, as their {@code tools/list} answers them (minus
 * {@code $schema}), and every handler answers an MCP {@code CallToolResult} shaped like the real
 * server's: {@code content} blocks, {@code structuredContent} where the real server sends it,
 * {@code isError} for a failure the tool reports itself. So a pipeline that runs here runs
 * unchanged against the real server.
 */
final class SimulatedTools {

  private static final String SAMPLES = "mcp-samples/";
  private static final String CURSOR = "offset:";

  /** The stand-in for one preset's server. */
  sealed interface Service
      permits SimulatedFirecrawl, SimulatedSlack, SimulatedGdrive, SimulatedPaddleOcr {
    String preset();

    /** Handlers by tool name; their arguments have already passed the tool's input schema. */
    Map<String, Handler> handlers();
  }

  /** Answers a {@code CallToolResult}; see {@link #textResult} and friends. */
  @FunctionalInterface
  interface Handler {
    ObjectNode answer(JsonNode arguments);
  }

  /**
   * Arguments that pass the input schema but not the rules the real server adds in code
   * (Firecrawl's "a valid URL"), refused as the real server refuses them: before the tool runs.
   */
  static final class InvalidArguments extends RuntimeException {
    private final transient List<FieldProblem> problems;

    InvalidArguments(String path, String message) {
      super(path + ": " + message, null, false, false);
      this.problems = List.of(new FieldProblem(path, message));
    }

    List<FieldProblem> problems() {
      return problems;
    }
  }

  /** A simulated tool: what it lists, how its arguments are checked, and who answers it. */
  record Tool(ToolInfo info, ArgumentCheck arguments, Handler handler) {}

  private final Map<String, Map<String, Tool>> byPreset;

  private SimulatedTools(Map<String, Map<String, Tool>> byPreset) {
    this.byPreset = byPreset;
  }

  static SimulatedTools load(JsonMapper json, Clock clock) {
    List<Service> services =
        List.of(
            new SimulatedFirecrawl(sample(json, "procurement-announcements.json")),
            new SimulatedSlack(sample(json, "slack-channels.json"), clock),
            new SimulatedGdrive(sample(json, "drive-files.json")),
            new SimulatedPaddleOcr(sample(json, "ocr-sample.json"), json));
    JsonNode definitions = sample(json, "tools.json");
    Map<String, Map<String, Tool>> byPreset = new LinkedHashMap<>();
    for (Service service : services) {
      byPreset.put(service.preset(), register(service, definitions.path(service.preset())));
    }
    for (Preset preset : Preset.ALL) {
      if (byPreset.getOrDefault(preset.name(), Map.of()).isEmpty()) {
        throw new IllegalStateException("No simulated tools for preset " + preset.name());
      }
    }
    return new SimulatedTools(byPreset);
  }

  private static Map<String, Tool> register(Service service, JsonNode definitions) {
    Map<String, Tool> tools = new LinkedHashMap<>();
    for (JsonNode definition : definitions) {
      String name = definition.get("name").asString();
      Handler handler = service.handlers().get(name);
      if (handler == null) {
        throw new IllegalStateException("No simulated handler for " + name);
      }
      JsonNode schema = definition.get("input_schema");
      ToolInfo info = new ToolInfo(name, definition.get("description").asString(), schema, true);
      tools.put(name, new Tool(info, ArgumentCheck.of(schema), handler));
    }
    return tools;
  }

  boolean simulates(String preset) {
    return byPreset.containsKey(preset);
  }

  List<ToolInfo> tools(String preset) {
    return byPreset.getOrDefault(preset, Map.of()).values().stream().map(Tool::info).toList();
  }

  Optional<Tool> find(String preset, String tool) {
    return Optional.ofNullable(byPreset.getOrDefault(preset, Map.of()).get(tool));
  }

  /** A {@code CallToolResult} with one text block, marked as simulated. */
  static ObjectNode textResult(String text) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.putArray("content").addObject().put("type", "text").put("text", text);
    return result.put("simulated", true);
  }

  /**
   * A result that carries {@code structured} twice, as servers with an output schema answer: as
   * {@code structuredContent} and, for clients that read only text, as its JSON in a text block.
   */
  static ObjectNode structuredResult(ObjectNode structured) {
    ObjectNode result = textResult(structured.toString());
    result.set("structuredContent", structured);
    return result;
  }

  /** A failure the tool reports itself: a result with {@code isError}, not a protocol error. */
  static ObjectNode errorResult(String text) {
    return textResult(text).put("isError", true);
  }

  /** A page cursor of the simulated list tools: where the next page starts. */
  static String cursor(int offset) {
    return CURSOR + offset;
  }

  /** Where the page a cursor names starts; the first page for an empty or unknown cursor. */
  static int offset(String cursor) {
    try {
      return cursor.startsWith(CURSOR)
          ? Math.max(0, Integer.parseInt(cursor.substring(CURSOR.length())))
          : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static JsonNode sample(JsonMapper json, String name) {
    try (InputStream in =
        SimulatedTools.class.getClassLoader().getResourceAsStream(SAMPLES + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing simulated tool data: " + SAMPLES + name);
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
