package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.EdgeSpec;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What runs next, computed from the plan and the committed steps alone (so a recovering instance
 * computes exactly what the dead one would have). LangGraph's superstep rule, with one addition
 * from our contract: a node with several incoming edges waits for every predecessor that can still
 * reach it (fan-in), and a node nothing can reach any more is skipped.
 *
 * @param ready nodes to run in the next superstep, in graph order
 * @param unreachable nodes that never ran and never will: they are skipped
 * @param awaiting human gates waiting for a decision
 * @param failed a step that failed for good, which ends the execution
 * @param rejected a rejected gate none of whose edges tests the decision, which ends it too
 */
record Frontier(
    List<String> ready,
    List<String> unreachable,
    List<String> awaiting,
    Optional<StepRecord> failed,
    Optional<StepRecord> rejected) {

  boolean finished() {
    return ready.isEmpty() && awaiting.isEmpty();
  }

  static Frontier compute(GraphDefinition graph, List<StepRecord> steps) {
    return new Calculation(graph, steps).frontier();
  }

  /** The working state of one computation. */
  private static final class Calculation {
    private final GraphDefinition graph;
    private final Map<String, List<StepRecord>> runs = new HashMap<>();
    private final Map<String, StepRecord> latest = new HashMap<>();

    Calculation(GraphDefinition graph, List<StepRecord> steps) {
      this.graph = graph;
      for (StepRecord step : steps) {
        runs.computeIfAbsent(step.nodeId(), k -> new ArrayList<>()).add(step);
        latest.merge(step.nodeId(), step, (a, b) -> a.run() >= b.run() ? a : b);
      }
    }

    Frontier frontier() {
      Optional<StepRecord> failed = latestWith(StepStatus.FAILED).stream().findFirst();
      Optional<StepRecord> rejected =
          latest.values().stream().filter(this::endsByRejection).findFirst();
      List<String> awaiting = ids(latestWith(StepStatus.AWAITING_APPROVAL));
      // Steps left pending or running (a retry, or a crashed instance's work) run again.
      Set<String> rerun = new LinkedHashSet<>(ids(latestWith(StepStatus.PENDING)));
      rerun.addAll(ids(latestWith(StepStatus.RUNNING)));
      if (failed.isPresent() || rejected.isPresent()) {
        return new Frontier(List.of(), List.of(), awaiting, failed, rejected);
      }
      Set<String> candidates = new LinkedHashSet<>();
      if (latest.isEmpty()) {
        candidates.add(graph.entryPoint());
      }
      for (var node : graph.nodes()) {
        String id = node.id();
        if (!awaiting.contains(id) && !rerun.contains(id) && fired(id)) {
          candidates.add(id);
        }
      }
      Set<String> active = new HashSet<>(awaiting);
      active.addAll(rerun);
      active.addAll(candidates);
      List<String> ready = new ArrayList<>(rerun);
      List<String> blocked = new ArrayList<>();
      for (String id : candidates) {
        (waitsForPredecessor(id, active) ? blocked : ready).add(id);
      }
      if (ready.isEmpty()) {
        // Candidates that wait only for each other (a cycle through a fan-in) run together, as
        // LangGraph would run every triggered node; one that a waiting gate can still reach goes
        // on waiting for it.
        Set<String> gates = new HashSet<>(awaiting);
        for (String id : blocked) {
          if (!waitsForPredecessor(id, gates)) {
            ready.add(id);
          }
        }
      }
      Set<String> reachable = reachableFrom(active, null);
      List<String> unreachable =
          graph.nodes().stream()
              .map(n -> n.id())
              .filter(
                  id -> !runs.containsKey(id) && !active.contains(id) && !reachable.contains(id))
              .toList();
      return new Frontier(
          inGraphOrder(ready), unreachable, awaiting, Optional.empty(), Optional.empty());
    }

    /** An incoming edge fired since the node last ran: its source completed after and took it. */
    private boolean fired(String id) {
      int since = lastSuperstep(id);
      for (EdgeSpec edge : graph.incoming(id)) {
        for (StepRecord r : runs.getOrDefault(edge.from(), List.of())) {
          if (r.status() == StepStatus.COMPLETED
              && r.superstep() >= since
              && r.takenEdges().contains(id)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean waitsForPredecessor(String id, Set<String> active) {
      Set<String> others = new HashSet<>(active);
      others.remove(id);
      Set<String> reach = reachableFrom(others, id);
      int since = lastSuperstep(id);
      for (EdgeSpec edge : graph.incoming(id)) {
        String from = edge.from();
        if (!decidedSince(from, since) && (others.contains(from) || reach.contains(from))) {
          return true;
        }
      }
      return false;
    }

    private boolean decidedSince(String id, int superstep) {
      return runs.getOrDefault(id, List.of()).stream()
          .anyMatch(
              r ->
                  r.superstep() >= superstep
                      && (r.status() == StepStatus.COMPLETED || r.status() == StepStatus.SKIPPED));
    }

    private int lastSuperstep(String id) {
      StepRecord last = latest.get(id);
      return last == null ? Integer.MIN_VALUE : last.superstep();
    }

    /** Nodes reachable from {@code starts} along edges, never passing through {@code avoid}. */
    private Set<String> reachableFrom(Collection<String> starts, String avoid) {
      Set<String> seen = new HashSet<>();
      var queue = new ArrayDeque<>(starts);
      while (!queue.isEmpty()) {
        String id = queue.poll();
        for (EdgeSpec edge : graph.outgoing(id)) {
          if (!edge.to().equals(avoid) && seen.add(edge.to())) {
            queue.add(edge.to());
          }
        }
      }
      return seen;
    }

    private boolean endsByRejection(StepRecord step) {
      if (step.status() != StepStatus.COMPLETED
          || !(graph.node(step.nodeId()).orElse(null) instanceof HumanGateNode)
          || step.output() == null
          || !"rejected".equals(step.output().path("decision").asString(""))) {
        return false;
      }
      return graph.outgoing(step.nodeId()).stream()
          .noneMatch(e -> e.condition().map(c -> c.contains("decision")).orElse(false));
    }

    private List<StepRecord> latestWith(StepStatus status) {
      return latest.values().stream()
          .filter(s -> s.status() == status)
          .sorted(Comparator.comparingInt(s -> indexOf(s.nodeId())))
          .toList();
    }

    private List<String> inGraphOrder(Collection<String> ids) {
      return ids.stream().distinct().sorted(Comparator.comparingInt(this::indexOf)).toList();
    }

    private int indexOf(String id) {
      for (int i = 0; i < graph.nodes().size(); i++) {
        if (graph.nodes().get(i).id().equals(id)) {
          return i;
        }
      }
      return Integer.MAX_VALUE;
    }

    private static List<String> ids(List<StepRecord> steps) {
      return steps.stream().map(StepRecord::nodeId).toList();
    }
  }
}
