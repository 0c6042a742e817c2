package dev.orchestrate.pipeline.graph;

/** A template referenced a value the run does not have; the step fails naming {@link #path()}. */
public final class TemplateValueMissingException extends GraphException {

  private final String path;

  public TemplateValueMissingException(String path) {
    super("template value " + path + " is missing");
    this.path = path;
  }

  /** The reference that had no value, e.g. {@code steps.crawl.output.items}. */
  public String path() {
    return path;
  }
}
