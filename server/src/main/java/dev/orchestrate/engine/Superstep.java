package dev.orchestrate.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One superstep as its nodes run it: the number, what they read, and how many of them are still
 * running, so that the last one to finish can start the next superstep in its own commit.
 *
 * @param carried nodes whose row the previous superstep's last completion already started
 */
final class Superstep {

  private final int number;
  private final RunState.View view;
  private final Set<String> carried;
  private final Set<String> running;

  Superstep(int number, RunState.View view, Set<String> carried, List<String> nodes) {
    this.number = number;
    this.view = view;
    this.carried = Set.copyOf(carried);
    this.running = new HashSet<>(nodes);
  }

  int number() {
    return number;
  }

  RunState.View view() {
    return view;
  }

  boolean carried(String nodeId) {
    return carried.contains(nodeId);
  }

  /**
   * The node's outcome is committed and applied to the run's state (or it returned without one). A
   * node's final outcome calls this holding the monitor it committed under, so that a sibling never
   * sees it neither running nor finished.
   */
  synchronized void finished(String nodeId) {
    running.remove(nodeId);
  }

  /**
   * Whether {@code nodeId} is the only node still running, every other outcome committed and
   * applied. Call only holding this object's monitor, kept until the caller's commit is applied.
   */
  boolean lastRunning(String nodeId) {
    if (!Thread.holdsLock(this)) {
      throw new IllegalStateException("Superstep.lastRunning needs the superstep's monitor");
    }
    return running.size() == 1 && running.contains(nodeId);
  }
}
