package dev.orchestrate.pipeline.graph;

/** Root of the unchecked exceptions thrown by graph templates and conditions. */
public abstract class GraphException extends RuntimeException {

  protected GraphException(String message) {
    super(message);
  }

  protected GraphException(String message, Throwable cause) {
    super(message, cause);
  }
}
