package dev.orchestrate.estimate;

import dev.orchestrate.pipeline.graph.EdgeSpec;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.NodeSpec;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many times each node can run in one execution: once, unless a cycle leads to it (a node on a
 * cycle, or after one, may run each time round); then as often as the graph's {@code max_steps}
 * node runs allow.
 */
final class Runs {

  private Runs() {}

  static Map<String, Integer> of(GraphDefinition graph) {
    Map<String, Set<String>> after = new HashMap<>();
    for (NodeSpec node : graph.nodes()) {
      after.put(node.id(), reachable(graph, node.id()));
    }
    Set<String> repeated = new HashSet<>();
    for (NodeSpec node : graph.nodes()) {
      if (after.get(node.id()).contains(node.id())) {
        repeated.add(node.id());
        repeated.addAll(after.get(node.id()));
      }
    }
    Map<String, Integer> runs = new HashMap<>();
    for (NodeSpec node : graph.nodes()) {
      runs.put(node.id(), repeated.contains(node.id()) ? graph.maxSteps() : 1);
    }
    return runs;
  }

  /** The nodes one or more edges away from {@code from} (itself only through a cycle). */
  private static Set<String> reachable(GraphDefinition graph, String from) {
    Set<String> seen = new HashSet<>();
    var queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      for (EdgeSpec edge : graph.outgoing(queue.poll())) {
        if (seen.add(edge.to())) {
          queue.add(edge.to());
        }
      }
    }
    return seen;
  }
}
