package dev.orchestrate.pipeline.graph;

/** A template that cannot be parsed: an unclosed {@code {{}, an empty or malformed reference. */
public final class TemplateSyntaxException extends GraphException {

  TemplateSyntaxException(String message) {
    super(message);
  }
}
