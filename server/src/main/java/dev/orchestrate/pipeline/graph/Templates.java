package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** Templates inside JSON values: every string in an object or array is a template. */
public final class Templates {

  private Templates() {}

  /** Every reference in every string of {@code value}; throws on a malformed template. */
  public static List<TemplateRef> referencesIn(JsonNode value) {
    List<TemplateRef> refs = new ArrayList<>();
    forEachString(value, "", (path, text) -> refs.addAll(Template.parse(text).references()));
    return List.copyOf(refs);
  }

  /**
   * A copy of {@code value} with every string rendered. A string that is exactly one reference,
   * such as {@code "{{steps.crawl.output.items}}"}, becomes the referenced value itself, so arrays
   * and objects keep their shape instead of turning into JSON text. The whole copy is bounded like
   * one template: past {@link Template#MAX_RENDERED_LENGTH} characters it throws {@link
   * TemplateTooLargeException}.
   */
  public static JsonNode renderJson(
      JsonNode value, JsonNode input, Map<String, JsonNode> stepOutputs) {
    return renderJson(value, input, stepOutputs, new RenderBudget());
  }

  private static JsonNode renderJson(
      JsonNode value, JsonNode input, Map<String, JsonNode> stepOutputs, RenderBudget budget) {
    if (value.isString()) {
      Template template = Template.parse(value.stringValue());
      if (template.isSingleReference()) {
        JsonNode referenced = template.references().getFirst().resolve(input, stepOutputs);
        budget.spend(referenced);
        return referenced.deepCopy();
      }
      return StringNode.valueOf(template.render(input, stepOutputs, budget));
    }
    if (value.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      value.forEachEntry(
          (key, child) -> {
            budget.spend(key.length() + 4L);
            out.set(key, renderJson(child, input, stepOutputs, budget));
          });
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      value.forEach(child -> out.add(renderJson(child, input, stepOutputs, budget)));
      return out;
    }
    budget.spend(value);
    return value.deepCopy();
  }

  /** Visits every string in {@code value} with its path below {@code base} (contract style). */
  static void forEachString(JsonNode value, String base, BiConsumer<String, String> visitor) {
    if (value.isString()) {
      visitor.accept(base, value.stringValue());
    } else if (value.isObject()) {
      value.forEachEntry((key, child) -> forEachString(child, Paths.field(base, key), visitor));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        forEachString(value.get(i), Paths.index(base, i), visitor);
      }
    }
  }
}
