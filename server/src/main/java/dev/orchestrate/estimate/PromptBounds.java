package dev.orchestrate.estimate;

import dev.orchestrate.pipeline.graph.Template;
import dev.orchestrate.pipeline.graph.TemplateRef;
import dev.orchestrate.pipeline.graph.TemplateValueMissingException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The most tokens an agent_call node's user message can hold: its prompt template, or the default
 * prompt (the input and every upstream result), with each upstream output at its {@link
 * OutputBound} and the input exactly as given.
 */
final class PromptBounds {

  /**
   * Indentation of JSON nested a few levels deep, as the default prompt prints non-text results:
   * counted at up to four times its compact size.
   */
  static final long PRETTY = 4;

  private final JsonNode input;
  private final Map<String, OutputBound> outputs;
  private final JsonMapper json;

  PromptBounds(JsonNode input, Map<String, OutputBound> outputs, JsonMapper json) {
    this.input = input;
    this.outputs = outputs;
    this.json = json;
  }

  /** A template's rendering; past its limit rendering fails and nothing is called. */
  long template(Template template) {
    long size = 0;
    for (Template.Segment segment : template.segments()) {
      size =
          Tokens.plus(
              size,
              switch (segment) {
                case Template.Literal literal -> literal.text().length();
                case Template.Reference reference -> reference(reference.ref());
              });
    }
    return Math.min(size, Template.MAX_RENDERED_LENGTH);
  }

  /**
   * The default prompt, as the engine writes it: the input printed, then each upstream node's
   * label, id and result.
   */
  long byDefault(List<Upstream> upstream) {
    long size = "## 입력 (input)\n".length() + pretty(input) + 1;
    if (!upstream.isEmpty()) {
      size += "\n## 이전 단계 결과 (results so far)\n".length();
    }
    for (Upstream node : upstream) {
      size = Tokens.plus(size, "\n### ".length() + node.label().length() + node.id().length() + 4);
      size = Tokens.plus(size, printed(outputs.get(node.id())) + 1);
    }
    return size;
  }

  /** A node that leads to the one whose prompt is bounded. */
  record Upstream(String id, String label) {}

  /**
   * A reference renders a string as it is and anything else as compact JSON; a path that cannot
   * resolve fails the step before any call, so it adds nothing.
   */
  private long reference(TemplateRef ref) {
    if (ref.stepId().isEmpty()) {
      return resolved(ref);
    }
    OutputBound bound = outputs.get(ref.stepId().get());
    List<String> fields = ref.fields();
    return switch (bound) {
      case null -> 0;
      case OutputBound.Exact exact -> resolved(ref);
      case OutputBound.Text text -> fields.isEmpty() ? text.tokens() : 0;
      case OutputBound.ByAgent agents -> {
        if (fields.isEmpty()) {
          yield agents.asJson();
        }
        yield fields.size() == 1 ? agents.tokens().getOrDefault(fields.getFirst(), 0L) : 0;
      }
      // A part of a JSON value renders no longer than the whole (a string part without its quotes
      // and escapes, a container part as the same compact text).
      case OutputBound.Json whole -> whole.tokens();
    };
  }

  private long resolved(TemplateRef ref) {
    JsonNode value;
    try {
      value = ref.resolve(input, outputsKnownNow());
    } catch (TemplateValueMissingException missing) {
      return 0;
    }
    return value.isString() ? value.stringValue().length() : value.toString().length();
  }

  /** The outputs that are the input itself, known exactly before the run. */
  private Map<String, JsonNode> outputsKnownNow() {
    Map<String, JsonNode> known = new java.util.HashMap<>();
    outputs.forEach(
        (id, bound) -> {
          if (bound instanceof OutputBound.Exact exact) {
            known.put(id, exact.value());
          }
        });
    return known;
  }

  /** How the default prompt prints a result: text as it is, anything else as indented JSON. */
  private long printed(OutputBound bound) {
    return switch (bound) {
      case null -> "(없음)".length();
      case OutputBound.Exact exact -> pretty(exact.value());
      case OutputBound.Text text -> text.tokens();
      case OutputBound.ByAgent agents -> {
        // {\n  "slug" : "text",\n ...}: each field's indent, quotes, separator and line break.
        long size = 4;
        for (var entry : agents.tokens().entrySet()) {
          size = Tokens.plus(size, entry.getKey().length() + 12L);
          size = Tokens.plus(size, Tokens.times(OutputBound.ESCAPED, entry.getValue()));
        }
        yield size;
      }
      case OutputBound.Json whole -> Tokens.times(PRETTY, whole.tokens());
    };
  }

  private long pretty(JsonNode value) {
    if (value == null || value.isNull()) {
      return "(없음)".length();
    }
    return value.isString()
        ? value.stringValue().length()
        : json.writerWithDefaultPrettyPrinter().writeValueAsString(value).length();
  }
}
