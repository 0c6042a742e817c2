package dev.orchestrate.pipeline.graph;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The characters one rendering may still produce, shared by every string of a JSON value so that a
 * finalize output of a thousand {@code {{input}}} stays as bounded as one template.
 */
final class RenderBudget {

  private long left = Template.MAX_RENDERED_LENGTH;

  /** Spends {@code characters}; throws once the rendering is over its limit. */
  void spend(long characters) {
    left -= characters;
    if (left < 0) {
      throw new TemplateTooLargeException("the template");
    }
  }

  /** Throws if {@code value}, written as JSON, would not fit in what is left; spends nothing. */
  void check(JsonNode value) {
    if (size(value, left) > left) {
      throw new TemplateTooLargeException("the template");
    }
  }

  /** Spends the size of {@code value} written as JSON, measured without writing it. */
  void spend(JsonNode value) {
    spend(size(value, left));
  }

  /** About the length of {@code value} as compact JSON; stops counting once past {@code cap}. */
  private static long size(JsonNode value, long cap) {
    if (value.isString()) {
      return value.stringValue().length() + 2L;
    }
    if (!value.isContainer()) {
      return value.isNumber() ? value.asString().length() : 5;
    }
    long size = 2;
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        size += entry.getKey().length() + 4 + size(entry.getValue(), cap - size);
        if (size > cap) {
          return size;
        }
      }
    } else {
      for (JsonNode element : value) {
        size += 1 + size(element, cap - size);
        if (size > cap) {
          return size;
        }
      }
    }
    return size;
  }
}
