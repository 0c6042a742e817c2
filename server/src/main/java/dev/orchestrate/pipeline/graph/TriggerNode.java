package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Records the execution input as the event that started the run. */
public record TriggerNode(
    String id, String label, Optional<RetrySpec> retry, Optional<Duration> timeout)
    implements NodeSpec {

  public static final String TYPE = "trigger";

  public TriggerNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
