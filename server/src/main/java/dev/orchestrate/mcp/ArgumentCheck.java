package dev.orchestrate.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.orchestrate.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks a tool's arguments against its input schema, naming each problem by its path under {@code
 * arguments}, as the call request spells it.
 */
final class ArgumentCheck {

  private static final String ROOT = "arguments";

  private final Schema schema;

  private ArgumentCheck(Schema schema) {
    this.schema = schema;
  }

  static ArgumentCheck of(JsonNode inputSchema) {
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(inputSchema);
    schema.initializeValidators();
    return new ArgumentCheck(schema);
  }

  List<FieldProblem> problems(JsonNode arguments) {
    return schema.validate(arguments).stream().map(ArgumentCheck::problem).toList();
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
