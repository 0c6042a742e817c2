package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads an agent_call node: one agent or several, an optional prompt and tools. */
final class AgentCallFields {

  static final Set<String> NAMES =
      Set.of("agent_slug", "agent_slugs", "prompt", "tools", "max_tool_rounds");
  static final int MAX_TOOL_ROUNDS = 50;

  private AgentCallFields() {}

  static AgentCallNode read(CommonFields c, NodeReader reader) {
    JsonFields fields = reader.fields();
    boolean multiAgent = fields.has("agent_slugs");
    List<String> slugs = slugs(fields, reader, multiAgent);
    Optional<Template> prompt = reader.optionalTemplate("prompt");
    List<ToolRef> tools = tools(fields, reader);
    long rounds =
        fields
            .optionalInteger("max_tool_rounds", 1, MAX_TOOL_ROUNDS)
            .orElse((long) AgentCallNode.DEFAULT_MAX_TOOL_ROUNDS);
    return new AgentCallNode(
        c.id(), c.label(), c.retry(), c.timeout(), slugs, multiAgent, prompt, tools, (int) rounds);
  }

  private static List<String> slugs(JsonFields fields, NodeReader reader, boolean multiAgent) {
    if (multiAgent && fields.has("agent_slug")) {
      fields.problem("agent_slugs", "use either agent_slug or agent_slugs, not both");
      return List.of();
    }
    if (!multiAgent) {
      if (!fields.has("agent_slug")) {
        fields.problem("agent_slug", "missing agent_slug (or agent_slugs)");
        return List.of();
      }
      Optional<String> slug = fields.optionalText("agent_slug");
      slug.ifPresent(s -> reader.requireAgent(fields.path("agent_slug"), s));
      return slug.map(List::of).orElse(List.of());
    }
    Optional<JsonNode> json = fields.optionalArray("agent_slugs");
    if (json.isPresent() && json.get().isEmpty()) {
      fields.problem("agent_slugs", "agent_slugs must name at least one agent");
    }
    List<String> slugs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; json.isPresent() && i < json.get().size(); i++) {
      JsonNode slug = json.get().get(i);
      String path = Paths.index(fields.path("agent_slugs"), i);
      if (!slug.isString() || slug.stringValue().isBlank()) {
        fields.problems().add(path, "agent slug must be a non-blank string");
      } else if (!seen.add(slug.stringValue())) {
        fields.problems().add(path, "duplicate agent slug '" + slug.stringValue() + "'");
      } else {
        reader.requireAgent(path, slug.stringValue());
        slugs.add(slug.stringValue());
      }
    }
    return slugs;
  }

  private static List<ToolRef> tools(JsonFields fields, NodeReader reader) {
    Optional<JsonNode> json = fields.optionalArray("tools");
    List<ToolRef> tools = new ArrayList<>();
    for (int i = 0; json.isPresent() && i < json.get().size(); i++) {
      String path = Paths.index(fields.path("tools"), i);
      JsonNode entry = json.get().get(i);
      if (!entry.isObject()) {
        fields.problems().add(path, "tool must be an object {mcp, tool}");
        continue;
      }
      JsonFields tool = new JsonFields(entry, path, fields.problems());
      tool.rejectUnknown(Set.of("mcp", "tool"), "in a tool");
      Optional<String> mcp = tool.requiredText("mcp");
      mcp.ifPresent(name -> reader.requireMcpConnection(tool.path("mcp"), name));
      Optional<String> name = tool.requiredText("tool");
      if (mcp.isPresent() && name.isPresent()) {
        tools.add(new ToolRef(mcp.get(), name.get()));
      }
    }
    return tools;
  }
}
