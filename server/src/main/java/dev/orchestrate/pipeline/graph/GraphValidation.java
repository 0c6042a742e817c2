package dev.orchestrate.pipeline.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link GraphValidator} found: the parsed graph when valid, and every problem otherwise. */
public record GraphValidation(Optional<GraphDefinition> graph, List<GraphProblem> problems) {

  public GraphValidation {
    Objects.requireNonNull(graph, "graph");
    problems = List.copyOf(problems);
  }

  static GraphValidation of(GraphDefinition graph) {
    return new GraphValidation(Optional.of(graph), List.of());
  }

  static GraphValidation of(List<GraphProblem> problems) {
    return new GraphValidation(Optional.empty(), problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }
}
