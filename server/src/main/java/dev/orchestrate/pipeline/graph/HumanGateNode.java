package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Pauses the execution until a person with one of the {@code approvers} roles decides. */
public record HumanGateNode(
    String id,
    String label,
    Optional<RetrySpec> retry,
    Optional<Duration> timeout,
    List<String> approvers,
    Optional<Template> message)
    implements NodeSpec {

  public static final String TYPE = "human_gate";
  public static final List<String> DEFAULT_APPROVERS = List.of("owner", "admin");

  public HumanGateNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    approvers = List.copyOf(approvers);
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
