package dev.orchestrate.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.schema.CompiledSchema;
import dev.orchestrate.common.schema.JsonSchemaException;
import dev.orchestrate.common.schema.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks a tool's arguments against its input schema, naming each problem by its path under {@code
 * arguments}, as the call request spells it.
 */
final class ArgumentCheck {

  private static final String ROOT = "arguments";

  private final CompiledSchema schema;

  private ArgumentCheck(CompiledSchema schema) {
    this.schema = schema;
  }

  /** Compiles the schema as pipelines' schemas are: self-contained, bounded. */
  static ArgumentCheck of(JsonNode inputSchema) {
    return new ArgumentCheck(JsonSchemas.compile(inputSchema));
  }

  List<FieldProblem> problems(JsonNode arguments) {
    try {
      return schema.validate(arguments).stream().map(ArgumentCheck::problem).toList();
    } catch (JsonSchemaException e) {
      return List.of(new FieldProblem(ROOT, e.getMessage()));
    }
  }

  private static FieldProblem problem(Error error) {
    StringBuilder path = new StringBuilder(ROOT);
    NodePath at = error.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      Object element = at.getElement(i);
      path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    return switch (error.getKeyword()) {
      case "required" -> new FieldProblem(path + "." + error.getProperty(), "is required");
      case "type" ->
          new FieldProblem(path.toString(), "must be of type " + types(error.getSchemaNode()));
      default -> new FieldProblem(path.toString(), error.getMessage());
    };
  }

  private static String types(JsonNode type) {
    if (!type.isArray()) {
      return type.asString();
    }
    List<String> names = new ArrayList<>();
    type.forEach(name -> names.add(name.asString()));
    return String.join(" or ", names);
  }
}
