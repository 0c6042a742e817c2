package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.CelValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run's steps as the runner holding its lease knows them: read once from the committed rows when
 * it takes the run up, then changed by each of its own commits, so that a superstep costs no read
 * of every step and no parse of every output. Read again from the database only when a fenced write
 * reports that someone else changed the execution (its {@code version}: a decision, a cancel, a
 * retry); {@link Frontier#compute} over the committed rows stays the recovery path, and what this
 * must always agree with.
 *
 * <p>Nodes of one superstep commit from their own threads: every method is synchronized, and a
 * superstep runs from an immutable {@link View}.
 */
final class RunState {

  private ExecutionRow execution;
  private long version;
  private int nodeRuns;
  private boolean stale;
  private final Map<UUID, StepRecord> rows = new LinkedHashMap<>();
  private final Map<String, StepRecord> latest = new HashMap<>();
  private final Map<String, JsonNode> outputs = new HashMap<>();
  private final Map<String, String> statuses = new HashMap<>();

  /** CEL values of completed outputs, converted once per completed step (conditions read them). */
  private final Map<UUID, Object> celOutputs = new HashMap<>();

  /** Steps started (by a completion that carried them) for the superstep about to run. */
  private final Set<String> prestarted = new HashSet<>();

  private int lastSuperstep;

  RunState(Snapshot snapshot) {
    this.execution = snapshot.execution();
    this.version = execution.version();
    this.nodeRuns = execution.nodeRuns();
    snapshot.steps().forEach(this::put);
  }

  synchronized ExecutionRow execution() {
    return execution;
  }

  synchronized long version() {
    return version;
  }

  synchronized int nodeRuns() {
    return nodeRuns;
  }

  /** Someone else changed the execution since it was read: read it again before going on. */
  synchronized boolean stale() {
    return stale;
  }

  /** What a fenced write found the execution's version to be. */
  synchronized void observed(long seenVersion) {
    if (seenVersion != version) {
      stale = true;
    }
  }

  synchronized int lastSuperstep() {
    return lastSuperstep;
  }

  synchronized List<StepRecord> steps() {
    return List.copyOf(rows.values());
  }

  synchronized StepRecord latest(String nodeId) {
    return latest.get(nodeId);
  }

  /** A node whose latest run was started and not finished (a retry, or a dead instance's work). */
  synchronized boolean inProgress(String nodeId) {
    StepRecord last = latest.get(nodeId);
    return last != null
        && (last.status() == StepStatus.RUNNING || last.status() == StepStatus.PENDING);
  }

  /** Whether this runner started the node's run in the commit that ended the superstep before. */
  synchronized boolean prestarted(String nodeId) {
    return prestarted.contains(nodeId);
  }

  /** The nodes started for the coming superstep; forgotten here, the superstep runs them. */
  synchronized Set<String> takePrestarted() {
    Set<String> taken = Set.copyOf(prestarted);
    prestarted.clear();
    return taken;
  }

  /**
   * The committed rows read again. Nodes this runner started for the coming superstep stay started
   * by it while their rows still say so (running, first attempt).
   */
  RunState reread(Snapshot snapshot) {
    RunState fresh = new RunState(snapshot);
    synchronized (this) {
      for (String nodeId : prestarted) {
        StepRecord was = latest.get(nodeId);
        StepRecord now = fresh.latest.get(nodeId);
        if (now != null
            && now.id().equals(was.id())
            && now.status() == StepStatus.RUNNING
            && now.attempt() == was.attempt()) {
          fresh.prestarted.add(nodeId);
        }
      }
    }
    return fresh;
  }

  synchronized View view() {
    return new View(execution, Map.copyOf(outputs), Map.copyOf(statuses));
  }

  /** The CEL values of every completed output and every status, with {@code nodeId}'s new one. */
  synchronized Map<String, Object> celSteps(String nodeId, JsonNode output) {
    Map<String, Object> steps = new LinkedHashMap<>();
    for (var entry : statuses.entrySet()) {
      String id = entry.getKey();
      StepRecord last = latest.get(id);
      Object value =
          outputs.containsKey(id)
              ? celOutputs.computeIfAbsent(last.id(), k -> CelValues.fromJson(outputs.get(id)))
              : null;
      steps.put(id, celStep(value, entry.getValue()));
    }
    steps.put(nodeId, celStep(CelValues.fromJson(output), StepStatus.COMPLETED.wire()));
    return steps;
  }

  private static Map<String, Object> celStep(Object output, String status) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("output", output);
    step.put("status", status);
    return step;
  }

  // ------------------------------------------------------------ this runner's own commits

  synchronized void begun(ExecutionRow begun) {
    this.execution = begun;
  }

  synchronized void started(StepRecord step, boolean carried) {
    put(step);
    nodeRuns++;
    if (carried) {
      prestarted.add(step.nodeId());
    }
  }

  synchronized void restarted(UUID stepId, int attempt, int superstep) {
    StepRecord old = rows.get(stepId);
    put(old.next(StepStatus.RUNNING, attempt, superstep, old.output(), null, old.takenEdges()));
  }

  synchronized void completed(UUID stepId, JsonNode output, List<String> taken) {
    StepRecord old = rows.get(stepId);
    put(old.next(StepStatus.COMPLETED, old.attempt(), old.superstep(), output, old.error(), taken));
  }

  synchronized void ended(UUID stepId, StepStatus status, JsonNode error) {
    StepRecord old = rows.get(stepId);
    put(
        old.next(
            status,
            old.attempt(),
            old.superstep(),
            old.output(),
            error == null ? old.error() : error,
            old.takenEdges()));
  }

  synchronized void skipped(List<StepRecord> skipped) {
    skipped.forEach(this::put);
  }

  private void put(StepRecord step) {
    StepRecord previous = rows.put(step.id(), step);
    if (previous != null && previous.status() == StepStatus.COMPLETED) {
      celOutputs.remove(step.id());
    }
    StepRecord last = latest.get(step.nodeId());
    if (last == null || step.run() >= last.run()) {
      latest.put(step.nodeId(), step);
      statuses.put(step.nodeId(), step.status().wire());
      if (step.status() == StepStatus.COMPLETED) {
        outputs.put(step.nodeId(), step.output());
      } else {
        outputs.remove(step.nodeId());
      }
    }
    lastSuperstep = Math.max(lastSuperstep, step.superstep());
  }

  /** Steps ordered as {@link StepRepository#forExecution} reads them, to compare with it. */
  static List<StepRecord> ordered(List<StepRecord> steps) {
    List<StepRecord> sorted = new ArrayList<>(steps);
    sorted.sort(
        java.util.Comparator.comparingInt(StepRecord::superstep)
            .thenComparing(StepRecord::nodeId)
            .thenComparingInt(StepRecord::run));
    return sorted;
  }

  /**
   * What the nodes of one superstep read: fixed when it begins, so a sibling's commit does not
   * change what another node sees (a recovering instance would not see it either).
   */
  record View(
      ExecutionRow execution, Map<String, JsonNode> outputs, Map<String, String> statuses) {}
}
