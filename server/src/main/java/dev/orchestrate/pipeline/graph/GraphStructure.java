package dev.orchestrate.pipeline.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The graph's shape: ids, edges between known nodes, and who can reach whom. */
final class GraphStructure {

  private final Problems problems;
  private final Map<String, Integer> nodeIndex = new LinkedHashMap<>();
  private final List<ParsedEdge> edges = new ArrayList<>();
  private final Map<String, List<String>> successors = new HashMap<>();
  private final Map<String, Set<String>> reachable = new HashMap<>();

  GraphStructure(List<ParsedNode> nodes, List<ParsedEdge> parsedEdges, Problems problems) {
    this.problems = problems;
    indexNodes(nodes);
    indexEdges(parsedEdges);
    edges.forEach(
        e -> successors.computeIfAbsent(e.from().get(), k -> new ArrayList<>()).add(e.to().get()));
  }

  Set<String> ids() {
    return nodeIndex.keySet();
  }

  /** Edges whose two ends are known nodes, in graph order, each (from, to) pair once. */
  List<ParsedEdge> edges() {
    return edges;
  }

  private void indexNodes(List<ParsedNode> nodes) {
    for (ParsedNode node : nodes) {
      node.id()
          .ifPresent(
              id -> {
                Integer first = nodeIndex.putIfAbsent(id, node.index());
                if (first != null) {
                  problems.add(
                      Paths.field(Paths.node(node.index()), "id"),
                      "duplicate id '" + id + "' (also " + Paths.node(first) + ")");
                }
              });
    }
  }

  private void indexEdges(List<ParsedEdge> parsedEdges) {
    Map<List<String>, Integer> seen = new HashMap<>();
    for (ParsedEdge edge : parsedEdges) {
      // Not &&: an edge between two unknown nodes gets both ends reported.
      boolean known = known(edge, "from", edge.from()) & known(edge, "to", edge.to());
      if (!known || edge.from().isEmpty() || edge.to().isEmpty()) {
        continue;
      }
      Integer first = seen.putIfAbsent(List.of(edge.from().get(), edge.to().get()), edge.index());
      if (first != null) {
        problems.add(
            edge.path(),
            "duplicate edge from '%s' to '%s' (also %s)"
                .formatted(edge.from().get(), edge.to().get(), Paths.edge(first)));
        continue;
      }
      edges.add(edge);
    }
  }

  private boolean known(ParsedEdge edge, String field, Optional<String> id) {
    if (id.isPresent() && !nodeIndex.containsKey(id.get())) {
      problems.add(Paths.field(edge.path(), field), "unknown node '" + id.get() + "'");
      return false;
    }
    return true;
  }

  void checkEntryPoint(Optional<String> entryPoint) {
    if (entryPoint.isEmpty()) {
      return;
    }
    if (!nodeIndex.containsKey(entryPoint.get())) {
      problems.add("entry_point", "unknown node '" + entryPoint.get() + "'");
      return;
    }
    Set<String> fromEntry = reachableFrom(entryPoint.get());
    nodeIndex.forEach(
        (id, index) -> {
          if (!id.equals(entryPoint.get()) && !fromEntry.contains(id)) {
            problems.add(
                Paths.node(index), "node '" + id + "' is unreachable from the entry point");
          }
        });
  }

  /** Every node a path of one or more edges leads to from {@code id}. */
  Set<String> reachableFrom(String id) {
    return reachable.computeIfAbsent(id, this::search);
  }

  private Set<String> search(String start) {
    Set<String> found = new HashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      for (String next : successors.getOrDefault(queue.poll(), List.of())) {
        if (found.add(next)) {
          queue.add(next);
        }
      }
    }
    return found;
  }
}
