package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reads one node: the fields every node has, then those of its type. */
final class NodeParser {

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final WorkspaceCatalog catalog;

  NodeParser(WorkspaceCatalog catalog) {
    this.catalog = catalog;
  }

  ParsedNode parse(JsonNode json, int index, Problems problems) {
    String path = Paths.node(index);
    if (!json.isObject()) {
      problems.add(path, "node must be an object");
      return ParsedNode.unreadable(index);
    }
    int before = problems.count();
    JsonFields fields = new JsonFields(json, path, problems);
    Optional<String> id = id(fields);
    Optional<String> type = type(fields);
    String label = fields.requiredText("label").orElse("");
    fields.optionalText("description");
    fields.optionalObject("position");
    Optional<RetrySpec> retry = CommonFields.retry(fields);
    Optional<Duration> timeout =
        CommonFields.timeout(fields, type.filter(HumanGateNode.TYPE::equals).isPresent());
    CommonFields common = new CommonFields(id.orElse(""), label, retry, timeout);
    NodeReader reader = new NodeReader(fields, id.orElse(""), catalog);
    Optional<NodeSpec> spec = type.map(t -> typed(t, common, reader));
    boolean clean = problems.count() == before;
    return new ParsedNode(index, id, clean ? spec : Optional.empty(), reader.templateUses());
  }

  private static NodeSpec typed(String type, CommonFields common, NodeReader reader) {
    Set<String> allowed = new HashSet<>(CommonFields.NAMES);
    allowed.addAll(NodeTypes.fields(type));
    reader.fields().rejectUnknown(allowed, "on a " + type + " node");
    return NodeTypes.read(type, common, reader);
  }

  private static Optional<String> id(JsonFields fields) {
    Optional<String> id = fields.requiredText("id");
    if (id.isPresent() && !ID.matcher(id.get()).matches()) {
      fields.problem(
          "id", "id '" + id.get() + "' must match ^[a-z][a-z0-9_]{0,63}$ (lower case, digits, _)");
    }
    return id;
  }

  private static Optional<String> type(JsonFields fields) {
    Optional<String> type = fields.requiredText("type");
    if (type.isPresent() && !NodeTypes.NAMES.contains(type.get())) {
      fields.problem(
          "type",
          "unknown type '"
              + type.get()
              + "'; expected one of "
              + String.join(", ", NodeTypes.NAMES));
      return Optional.empty();
    }
    return type;
  }
}
