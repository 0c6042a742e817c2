package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Checks the execution input against an optional JSON Schema 2020-12. */
public record ValidationNode(
    String id,
    String label,
    Optional<RetrySpec> retry,
    Optional<Duration> timeout,
    Optional<JsonNode> schema)
    implements NodeSpec {

  public static final String TYPE = "validation";

  public ValidationNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(schema, "schema");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
