package dev.orchestrate.engine;

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
  private int running;

  Superstep(int number, RunState.View view, Set<String> carried, int nodes) {
    this.number = number;
    this.view = view;
    this.carried = Set.copyOf(carried);
    this.running = nodes;
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

  /** A node of it returned, whatever its outcome. Waits for a completion committing meanwhile. */
  synchronized void finished() {
    running--;
  }

  /**
   * Whether the calling node is the only one still running, every other outcome committed and
   * applied. Call only holding this object's monitor, kept until the caller's commit is applied.
   */
  boolean lastRunning() {
    if (!Thread.holdsLock(this)) {
      throw new IllegalStateException("Superstep.lastRunning needs the superstep's monitor");
    }
    return running == 1;
  }
}
