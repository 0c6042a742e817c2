package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.CelValues;
import dev.orchestrate.pipeline.graph.Condition;
import dev.orchestrate.pipeline.graph.ConditionLimitException;
import dev.orchestrate.pipeline.graph.EdgeSpec;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** A pipeline version compiled for running: the graph and its edge conditions, compiled once. */
record Plan(
    GraphDefinition graph,
    Map<EdgeSpec, Condition> conditions,
    Map<String, Set<String>> ancestors) {

  private static final Logger log = LoggerFactory.getLogger(Plan.class);

  static Plan compile(GraphDefinition graph) {
    Map<EdgeSpec, Condition> conditions = new HashMap<>();
    for (EdgeSpec edge : graph.edges()) {
      edge.condition().ifPresent(c -> conditions.put(edge, Condition.compile(c)));
    }
    Map<String, Set<String>> ancestors = new HashMap<>();
    graph.nodes().forEach(n -> ancestors.put(n.id(), Set.copyOf(ancestorsOf(graph, n.id()))));
    return new Plan(graph, Map.copyOf(conditions), Map.copyOf(ancestors));
  }

  /** Every node with a path to {@code nodeId}: the default prompt quotes their results. */
  Set<String> ancestors(String nodeId) {
    return ancestors.getOrDefault(nodeId, Set.of());
  }

  /** Whether any edge out of the node has a condition: only then do its outputs need CEL values. */
  boolean hasConditionOut(String nodeId) {
    return graph.outgoing(nodeId).stream().anyMatch(conditions::containsKey);
  }

  /**
   * {@link #takenEdges(String, JsonNode, Map, Map, boolean)} for the runner, which keeps the CEL
   * values of completed outputs; {@code celSteps} is asked for only when a condition needs it.
   */
  List<String> takenEdges(
      String nodeId, JsonNode input, java.util.function.Supplier<Map<String, Object>> celSteps) {
    if (!hasConditionOut(nodeId)) {
      return graph.outgoing(nodeId).stream().map(EdgeSpec::to).toList();
    }
    return taken(nodeId, input, celSteps.get(), false);
  }

  /**
   * The targets of the edges a completed node takes. {@code onlyConditional}: a rejected gate takes
   * only edges whose condition says so, never its plain "approved" path.
   */
  List<String> takenEdges(
      String nodeId,
      JsonNode input,
      Map<String, JsonNode> outputs,
      Map<String, String> statuses,
      boolean onlyConditional) {
    Map<String, Object> steps = new LinkedHashMap<>();
    for (String id : union(outputs.keySet(), statuses.keySet())) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("output", outputs.containsKey(id) ? CelValues.fromJson(outputs.get(id)) : null);
      step.put("status", statuses.getOrDefault(id, "pending"));
      steps.put(id, step);
    }
    return taken(nodeId, input, steps, onlyConditional);
  }

  private List<String> taken(
      String nodeId, JsonNode input, Map<String, Object> steps, boolean onlyConditional) {
    Object celInput = CelValues.fromJson(input);
    @SuppressWarnings("unchecked")
    Map<String, Object> inputMap =
        celInput instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    List<String> taken = new ArrayList<>();
    for (EdgeSpec edge : graph.outgoing(nodeId)) {
      Condition condition = conditions.get(edge);
      if (condition == null) {
        if (!onlyConditional) {
          taken.add(edge.to());
        }
        continue;
      }
      try {
        if (condition.evaluate(inputMap, steps)) {
          taken.add(edge.to());
        }
      } catch (ConditionLimitException e) {
        // Not "false": quietly not taking an edge could skip the approval it leads to.
        throw new UndecidableEdgeException(edge, e);
      } catch (RuntimeException e) {
        // A condition over a value that is not there (a branch that did not run) is false.
        log.debug(
            "Condition {} of {} -> {} is false: {}",
            condition.expression(),
            edge.from(),
            edge.to(),
            e.getMessage());
      }
    }
    return taken;
  }

  static Set<String> ancestorsOf(GraphDefinition graph, String nodeId) {
    Set<String> seen = new java.util.HashSet<>();
    var queue = new java.util.ArrayDeque<String>(List.of(nodeId));
    while (!queue.isEmpty()) {
      for (var edge : graph.incoming(queue.poll())) {
        if (seen.add(edge.from())) {
          queue.add(edge.from());
        }
      }
    }
    seen.remove(nodeId);
    return seen;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
