package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Splits template text into literal and reference segments. */
final class TemplateParser {

  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";
  // A field name is anything but separators and whitespace, so JSON keys like "post-id" work.
  private static final Pattern FIELD = Pattern.compile("[^.\\s{}]+");

  private TemplateParser() {}

  static List<Template.Segment> segments(String source) {
    List<Template.Segment> segments = new ArrayList<>();
    int at = 0;
    while (at < source.length()) {
      int open = source.indexOf(OPEN, at);
      if (open < 0) {
        segments.add(new Template.Literal(source.substring(at)));
        break;
      }
      if (open > at) {
        segments.add(new Template.Literal(source.substring(at, open)));
      }
      int close = source.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        throw new TemplateSyntaxException("unclosed '{{' at position " + open);
      }
      String inner = source.substring(open + OPEN.length(), close).strip();
      segments.add(new Template.Reference(reference(inner, open)));
      at = close + CLOSE.length();
    }
    return segments;
  }

  private static TemplateRef reference(String inner, int position) {
    if (inner.isEmpty()) {
      throw new TemplateSyntaxException("empty reference '{{}}' at position " + position);
    }
    List<String> parts = Arrays.asList(inner.split("\\.", -1));
    if (!parts.stream().allMatch(part -> FIELD.matcher(part).matches())) {
      throw new TemplateSyntaxException(
          "malformed reference '{{" + inner + "}}' at position " + position);
    }
    return switch (parts.getFirst()) {
      case "input" -> TemplateRef.input(parts.subList(1, parts.size()));
      case "steps" -> stepReference(inner, parts, position);
      default ->
          throw new TemplateSyntaxException(
              "unknown reference '{{"
                  + inner
                  + "}}' at position "
                  + position
                  + ": a reference starts with 'input' or 'steps.<id>.output'");
    };
  }

  private static TemplateRef stepReference(String inner, List<String> parts, int position) {
    if (parts.size() < 3 || !parts.get(2).equals("output")) {
      throw new TemplateSyntaxException(
          "malformed reference '{{"
              + inner
              + "}}' at position "
              + position
              + ": a step reference reads 'steps.<id>.output'");
    }
    return TemplateRef.step(parts.get(1), parts.subList(3, parts.size()));
  }
}
