package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A text with {@code {{input...}}} and {@code {{steps.<id>.output...}}} references to fill in. */
public record Template(String source, List<Template.Segment> segments) {

  /**
   * Most characters one rendering may produce (a prompt, a message, the JSON of a tool's arguments
   * or a finalize output); past it rendering stops with {@link TemplateTooLargeException}.
   */
  public static final int MAX_RENDERED_LENGTH = 1_000_000;

  /** A piece of a template: literal text or a reference. */
  public sealed interface Segment permits Literal, Reference {}

  public record Literal(String text) implements Segment {}

  public record Reference(TemplateRef ref) implements Segment {}

  public Template {
    Objects.requireNonNull(source, "source");
    segments = List.copyOf(segments);
  }

  /** Parses a template, or throws {@link TemplateSyntaxException} saying what is wrong. */
  public static Template parse(String source) {
    return new Template(source, TemplateParser.segments(source));
  }

  public List<TemplateRef> references() {
    List<TemplateRef> refs = new ArrayList<>();
    for (Segment segment : segments) {
      if (segment instanceof Reference reference) {
        refs.add(reference.ref());
      }
    }
    return List.copyOf(refs);
  }

  /**
   * Strings render raw, other values as compact JSON. A missing value throws {@link
   * TemplateValueMissingException}, a result over {@link #MAX_RENDERED_LENGTH} {@link
   * TemplateTooLargeException}.
   */
  public String render(JsonNode input, Map<String, JsonNode> stepOutputs) {
    return render(input, stepOutputs, new RenderBudget());
  }

  String render(JsonNode input, Map<String, JsonNode> stepOutputs, RenderBudget budget) {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      String piece =
          switch (segment) {
            case Literal literal -> literal.text();
            case Reference reference -> text(reference.ref().resolve(input, stepOutputs), budget);
          };
      budget.spend(piece.length());
      out.append(piece);
    }
    return out.toString();
  }

  /** True when the whole template is one reference, so it can stand for a value of any type. */
  boolean isSingleReference() {
    return segments.size() == 1 && segments.getFirst() instanceof Reference;
  }

  private static String text(JsonNode value, RenderBudget budget) {
    if (value.isString()) {
      return value.stringValue();
    }
    // Measured before it is written out, so a huge value is refused without being copied.
    budget.check(value);
    return value.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
