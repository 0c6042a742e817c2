package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a graph is read, so every problem is reported, not only the first. */
final class Problems {

  private final List<GraphProblem> problems = new ArrayList<>();

  void add(String path, String message) {
    problems.add(new GraphProblem(path, message));
  }

  int count() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<GraphProblem> list() {
    return List.copyOf(problems);
  }
}
