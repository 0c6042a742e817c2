package dev.orchestrate.common.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.keyword.DynamicRefValidator;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.RefValidator;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Resolves every {@code $ref} and {@code $dynamicRef} of a compiled schema, wherever it sits, with
 * the library's own resolution, as validation would when it reaches it. The library resolves them
 * lazily, and its walk skips some keywords ({@code unevaluatedProperties}, for one), so a reference
 * deep in a branch no test input takes would otherwise fail only at run time.
 */
final class References {

  /** Keywords whose value is one schema. */
  private static final Set<String> ONE =
      Set.of(
          "items",
          "additionalProperties",
          "unevaluatedProperties",
          "unevaluatedItems",
          "contains",
          "propertyNames",
          "not",
          "if",
          "then",
          "else");

  /** Keywords whose value maps names to schemas. */
  private static final Set<String> NAMED =
      Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

  /** Keywords whose value is an array of schemas. */
  private static final Set<String> LISTED = Set.of("allOf", "anyOf", "oneOf", "prefixItems");

  private References() {}

  /** Throws {@link JsonSchemaException} naming the first reference that does not resolve. */
  static void resolveAll(Schema root) {
    visit(root, root.getSchemaNode(), new NodePath(PathType.JSON_POINTER));
  }

  private static void visit(Schema root, JsonNode node, NodePath at) {
    if (!node.isObject()) {
      return;
    }
    if (node.has("$ref") || node.has("$dynamicRef")) {
      resolve(root, at);
    }
    for (var entry : node.properties()) {
      String keyword = entry.getKey();
      JsonNode value = entry.getValue();
      if (ONE.contains(keyword)) {
        visit(root, value, at.append(keyword));
      } else if (NAMED.contains(keyword) && value.isObject()) {
        for (var named : value.properties()) {
          NodePath child = at.append(keyword).append(named.getKey());
          if (keyword.equals("patternProperties") && named.getValue().has("$id")) {
            // The library (3.0.9) fails with a null pointer when it applies such a schema: it
            // names the evaluation step after the last segment of the schema's location, which an
            // $id empties. Refused here rather than failing every run that reaches it.
            throw new JsonSchemaException(
                "invalid JSON Schema: the schema at " + child + " may not have its own $id");
          }
          visit(root, named.getValue(), child);
        }
      } else if (LISTED.contains(keyword) && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          visit(root, value.get(i), at.append(keyword).append(i));
        }
      }
    }
  }

  private static void resolve(Schema root, NodePath at) {
    String where = at.getNameCount() == 0 ? "the root" : at.toString();
    try {
      Schema here = at.getNameCount() == 0 ? root : root.getSubSchema(at);
      for (KeywordValidator validator : here.getValidators()) {
        Schema target =
            switch (validator) {
              case RefValidator ref -> ref.getSchemaRef().getSchema();
              case DynamicRefValidator dynamic ->
                  dynamic.getSchemaRef(here.createExecutionContext()).getSchema();
              default -> here;
            };
        if (target == null) {
          throw new JsonSchemaException(
              "invalid JSON Schema: the reference at "
                  + where
                  + " does not resolve inside the schema");
        }
      }
    } catch (JsonSchemaException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new JsonSchemaException(
          JsonSchemaFailures.describe(e, "invalid JSON Schema", where), e);
    }
  }
}
