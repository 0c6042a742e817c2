package dev.orchestrate.engine;

import java.util.List;
import java.util.Objects;

/**
 * The check that the runner's steps in memory ({@link RunState}) are the committed ones: the same
 * rows, and the same {@link Frontier} computed from them. Run with assertions on (every test), at
 * every superstep boundary, where all of the runner's commits are in; a runner whose memory drifted
 * fails its execution instead of running the wrong nodes.
 */
final class FrontierOracle {

  private FrontierOracle() {}

  /**
   * @return true when they agree; throws otherwise, so that {@code assert} reports why
   * @throws IllegalStateException naming the first difference
   */
  static boolean agrees(Plan plan, RunState state, Snapshot committed) {
    if (committed.execution().version() != state.version()) {
      return true; // someone else changed it: the runner reads it again before going on
    }
    List<StepRecord> memory = RunState.ordered(state.steps());
    List<StepRecord> rows = RunState.ordered(committed.steps());
    if (memory.size() != rows.size()) {
      throw diverged("steps", memory, rows);
    }
    for (int i = 0; i < rows.size(); i++) {
      if (!same(memory.get(i), rows.get(i))) {
        throw diverged("step " + rows.get(i).nodeId(), memory.get(i), rows.get(i));
      }
    }
    if (state.nodeRuns() != committed.execution().nodeRuns()) {
      throw diverged("node_runs", state.nodeRuns(), committed.execution().nodeRuns());
    }
    Frontier fromMemory = Frontier.compute(plan.graph(), state.steps());
    Frontier fromRows = Frontier.compute(plan.graph(), committed.steps());
    if (!fromMemory.ready().equals(fromRows.ready())
        || !fromMemory.unreachable().equals(fromRows.unreachable())
        || !fromMemory.awaiting().equals(fromRows.awaiting())
        || !fromMemory.failed().map(StepRecord::id).equals(fromRows.failed().map(StepRecord::id))
        || !fromMemory
            .rejected()
            .map(StepRecord::id)
            .equals(fromRows.rejected().map(StepRecord::id))) {
      throw diverged("frontier", fromMemory, fromRows);
    }
    return true;
  }

  private static boolean same(StepRecord memory, StepRecord row) {
    return memory.id().equals(row.id())
        && memory.nodeId().equals(row.nodeId())
        && memory.run() == row.run()
        && memory.status() == row.status()
        && memory.attempt() == row.attempt()
        && memory.superstep() == row.superstep()
        && memory.takenEdges().equals(row.takenEdges())
        && Objects.equals(text(memory.output()), text(row.output()))
        && Objects.equals(text(memory.error()), text(row.error()));
  }

  /** jsonb keeps its own key order: compare the values, not the text. */
  private static Object text(tools.jackson.databind.JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static IllegalStateException diverged(String what, Object memory, Object committed) {
    return new IllegalStateException(
        "The runner's steps in memory differ from the committed ones ("
            + what
            + "): memory "
            + memory
            + ", committed "
            + committed);
  }
}
