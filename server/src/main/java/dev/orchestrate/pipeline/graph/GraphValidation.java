package dev.orchestrate.pipeline.graph;

import dev.orchestrate.common.FieldProblem;
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

  /**
   * The problems as an API answer names them: paths relative to the graph ({@code
   * nodes[3].agent_slug}), and {@code graph_definition} for the graph as a whole.
   */
  public List<FieldProblem> fieldProblems() {
    return problems.stream()
        .map(p -> new FieldProblem(p.path().isEmpty() ? "graph_definition" : p.path(), p.message()))
        .toList();
  }
}
