package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Ends the run; {@code output}, whose strings are templates, becomes the execution output. */
public record FinalizeNode(
    String id,
    String label,
    Optional<RetrySpec> retry,
    Optional<Duration> timeout,
    Optional<JsonNode> output)
    implements NodeSpec {

  public static final String TYPE = "finalize";

  public FinalizeNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(output, "output");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
