package dev.orchestrate.pipeline.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles no condition can break: strongly connected components (Tarjan) of the graph of
 * unconditional edges. A run caught in one would loop until {@code max_steps}.
 */
final class Cycles {

  private final Map<String, List<String>> successors = new HashMap<>();
  private final Map<String, Integer> order = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
  private final List<Set<String>> components = new ArrayList<>();

  private Cycles(List<ParsedEdge> unconditional) {
    unconditional.forEach(
        e -> successors.computeIfAbsent(e.from().get(), k -> new ArrayList<>()).add(e.to().get()));
  }

  /** Reports each unconditional cycle once, at its first edge, naming its nodes. */
  static void check(GraphStructure graph, Problems problems) {
    List<ParsedEdge> unconditional =
        graph.edges().stream().filter(edge -> !edge.conditional()).toList();
    Cycles cycles = new Cycles(unconditional);
    graph.ids().forEach(cycles::visitIfNew);
    Set<Set<String>> reported = new HashSet<>();
    for (ParsedEdge edge : unconditional) {
      for (Set<String> component : cycles.components) {
        boolean inside =
            component.contains(edge.from().get()) && component.contains(edge.to().get());
        if (inside && reported.add(component)) {
          problems.add(edge.path(), message(graph, component));
        }
      }
    }
  }

  private static String message(GraphStructure graph, Set<String> component) {
    if (component.size() == 1) {
      return "node '" + component.iterator().next() + "' loops to itself without a condition";
    }
    List<String> names = graph.ids().stream().filter(component::contains).toList();
    return "nodes "
        + String.join(", ", names)
        + " form a cycle with no conditional edge; give one of its edges a condition";
  }

  private void visitIfNew(String id) {
    if (!order.containsKey(id)) {
      visit(id);
    }
  }

  // Recursion depth is bounded by the 200-node limit checked before structure checks run.
  private void visit(String id) {
    order.put(id, order.size());
    lowLink.put(id, order.get(id));
    stack.push(id);
    onStack.add(id);
    boolean selfLoop = false;
    for (String next : successors.getOrDefault(id, List.of())) {
      selfLoop |= next.equals(id);
      if (!order.containsKey(next)) {
        visit(next);
        lowLink.put(id, Math.min(lowLink.get(id), lowLink.get(next)));
      } else if (onStack.contains(next)) {
        lowLink.put(id, Math.min(lowLink.get(id), order.get(next)));
      }
    }
    if (lowLink.get(id).equals(order.get(id))) {
      Set<String> component = new HashSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(id));
      if (component.size() > 1 || selfLoop) {
        components.add(component);
      }
    }
  }
}
