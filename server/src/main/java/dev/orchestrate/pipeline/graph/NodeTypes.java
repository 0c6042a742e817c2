package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The fields of each node type and how to read them; agent_call has its own reader. */
final class NodeTypes {

  static final List<String> NAMES =
      List.of(
          TriggerNode.TYPE,
          ValidationNode.TYPE,
          AgentCallNode.TYPE,
          McpToolNode.TYPE,
          HumanGateNode.TYPE,
          FinalizeNode.TYPE);

  static final List<String> ROLES = List.of("owner", "admin", "member", "viewer");

  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          TriggerNode.TYPE, Set.of(),
          ValidationNode.TYPE, Set.of("schema"),
          AgentCallNode.TYPE, AgentCallFields.NAMES,
          McpToolNode.TYPE, Set.of("mcp", "tool", "arguments"),
          HumanGateNode.TYPE, Set.of("approvers", "message"),
          FinalizeNode.TYPE, Set.of("output"));

  private NodeTypes() {}

  static Set<String> fields(String type) {
    return FIELDS.getOrDefault(type, Set.of());
  }

  /** Reads the type's fields; the result holds placeholders wherever a problem was reported. */
  static NodeSpec read(String type, CommonFields c, NodeReader reader) {
    return switch (type) {
      case TriggerNode.TYPE -> new TriggerNode(c.id(), c.label(), c.retry(), c.timeout());
      case ValidationNode.TYPE ->
          new ValidationNode(c.id(), c.label(), c.retry(), c.timeout(), schema(reader.fields()));
      case AgentCallNode.TYPE -> AgentCallFields.read(c, reader);
      case McpToolNode.TYPE -> mcpTool(c, reader);
      case HumanGateNode.TYPE ->
          new HumanGateNode(
              c.id(),
              c.label(),
              c.retry(),
              c.timeout(),
              approvers(reader.fields()),
              reader.optionalTemplate("message"));
      case FinalizeNode.TYPE -> finalizeNode(c, reader);
      default -> throw new IllegalArgumentException("unknown node type " + type);
    };
  }

  private static Optional<JsonNode> schema(JsonFields fields) {
    Optional<JsonNode> schema = fields.optional("schema");
    if (schema.isPresent() && !schema.get().isObject() && !schema.get().isBoolean()) {
      fields.problem("schema", "schema must be a JSON Schema (an object or a boolean)");
      return Optional.empty();
    }
    schema.flatMap(SchemaCheck::problem).ifPresent(message -> fields.problem("schema", message));
    return schema;
  }

  private static McpToolNode mcpTool(CommonFields c, NodeReader reader) {
    JsonFields fields = reader.fields();
    Optional<String> mcp = fields.requiredText("mcp");
    mcp.ifPresent(name -> reader.requireMcpConnection(fields.path("mcp"), name));
    Optional<String> tool = fields.requiredText("tool");
    JsonNode arguments =
        fields.optionalObject("arguments").orElseGet(JsonNodeFactory.instance::objectNode);
    reader.templatesIn(arguments, fields.path("arguments"));
    return new McpToolNode(
        c.id(), c.label(), c.retry(), c.timeout(), mcp.orElse(""), tool.orElse(""), arguments);
  }

  private static List<String> approvers(JsonFields fields) {
    Optional<JsonNode> json = fields.optionalArray("approvers");
    if (json.isEmpty()) {
      return HumanGateNode.DEFAULT_APPROVERS;
    }
    if (json.get().isEmpty()) {
      fields.problem("approvers", "approvers must name at least one role");
    }
    List<String> roles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < json.get().size(); i++) {
      JsonNode role = json.get().get(i);
      String path = Paths.index(fields.path("approvers"), i);
      if (!role.isString() || !ROLES.contains(role.stringValue())) {
        fields.problems().add(path, "approver must be one of " + String.join(", ", ROLES));
      } else if (!seen.add(role.stringValue())) {
        fields.problems().add(path, "duplicate approver '" + role.stringValue() + "'");
      } else {
        roles.add(role.stringValue());
      }
    }
    return roles;
  }

  private static FinalizeNode finalizeNode(CommonFields c, NodeReader reader) {
    Optional<JsonNode> output = reader.fields().optional("output");
    output.ifPresent(json -> reader.templatesIn(json, reader.fields().path("output")));
    return new FinalizeNode(c.id(), c.label(), c.retry(), c.timeout(), output);
  }
}
