package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A validated pipeline graph: what the engine runs. Build one through {@link GraphValidator}. */
public record GraphDefinition(
    String entryPoint, List<NodeSpec> nodes, List<EdgeSpec> edges, int maxSteps) {

  public static final int DEFAULT_MAX_STEPS = 100;

  public GraphDefinition {
    Objects.requireNonNull(entryPoint, "entryPoint");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
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
