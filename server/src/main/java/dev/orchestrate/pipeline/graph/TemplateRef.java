package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One {@code {{...}}} reference: the execution input, or a step's output, then a field path.
 *
 * <p>{@code stepId} is empty for {@code input}; {@code fields} are the names after {@code input} or
 * after {@code steps.<id>.output}. A field that is a number indexes into an array.
 */
public record TemplateRef(Optional<String> stepId, List<String> fields) {

  public TemplateRef {
    Objects.requireNonNull(stepId, "stepId");
    fields = List.copyOf(fields);
  }

  public static TemplateRef input(List<String> fields) {
    return new TemplateRef(Optional.empty(), fields);
  }

  public static TemplateRef step(String stepId, List<String> fields) {
    return new TemplateRef(Optional.of(stepId), fields);
  }

  /** The reference as written, without braces or whitespace, e.g. {@code steps.crawl.output}. */
  public String path() {
    String root = stepId.map(id -> "steps." + id + ".output").orElse("input");
    return fields.isEmpty() ? root : root + "." + String.join(".", fields);
  }

  /** The referenced value, or {@link TemplateValueMissingException} naming this path. */
  public JsonNode resolve(JsonNode input, Map<String, JsonNode> stepOutputs) {
    JsonNode value = stepId.isPresent() ? stepOutputs.get(stepId.get()) : input;
    for (String field : fields) {
      if (value == null) {
        break;
      }
      value = value.isArray() ? element(value, field) : value.get(field);
    }
    if (value == null || value.isMissingNode()) {
      throw new TemplateValueMissingException(path());
    }
    return value;
  }

  private static JsonNode element(JsonNode array, String field) {
    try {
      return array.get(Integer.parseInt(field));
    } catch (NumberFormatException notAnIndex) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "{{" + path() + "}}";
  }
}
