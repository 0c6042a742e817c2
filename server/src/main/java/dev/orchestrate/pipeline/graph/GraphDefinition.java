package dev.orchestrate.pipeline.graph;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated pipeline graph: what the engine runs. Build one through {@link GraphValidator}.
 *
 * @param budget the credits a run may spend when its start names no budget; empty: unlimited
 * @param onBudget what a run does when its next paid node would not fit in its budget
 */
public record GraphDefinition(
    String entryPoint,
    List<NodeSpec> nodes,
    List<EdgeSpec> edges,
    int maxSteps,
    Optional<BigDecimal> budget,
    OnBudget onBudget) {

  public static final int DEFAULT_MAX_STEPS = 100;

  /** The largest budget a run may have, in credits: as much as one grant may give. */
  public static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");

  public GraphDefinition {
    Objects.requireNonNull(entryPoint, "entryPoint");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(onBudget, "onBudget");
  }

  public Optional<NodeSpec> node(String id) {
    return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
  }

  public List<EdgeSpec> outgoing(String id) {
    return edges.stream().filter(edge -> edge.from().equals(id)).toList();
  }

  public List<EdgeSpec> incoming(String id) {
    return edges.stream().filter(edge -> edge.to().equals(id)).toList();
  }
}
