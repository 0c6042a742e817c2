package dev.orchestrate.pipeline.graph;

/**
 * Rendering would produce more than {@link Template#MAX_RENDERED_LENGTH} characters: a template
 * that repeats a large value, say. The step fails with this message instead of filling the memory.
 */
public final class TemplateTooLargeException extends GraphException {

  TemplateTooLargeException(String what) {
    super(
        what
            + " renders to more than "
            + Template.MAX_RENDERED_LENGTH
            + " characters, the most allowed");
  }
}
