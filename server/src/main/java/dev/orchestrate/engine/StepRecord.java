package dev.orchestrate.engine;

import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One committed run of a node, as the frontier sees it.
 *
 * @param run 1 for a node's first run; a node inside a cycle runs again with the next number
 * @param superstep the superstep it ran in
 * @param takenEdges targets of the outgoing edges it took, once completed
 */
record StepRecord(
    UUID id,
    String nodeId,
    int run,
    StepStatus status,
    int attempt,
    int superstep,
    JsonNode output,
    JsonNode error,
    List<String> takenEdges) {

  StepRecord {
    takenEdges = List.copyOf(takenEdges);
  }

  /** The same run after a transition: its id, node and run number stay. */
  StepRecord next(
      StepStatus status,
      int attempt,
      int superstep,
      JsonNode output,
      JsonNode error,
      List<String> takenEdges) {
    return new StepRecord(id, nodeId, run, status, attempt, superstep, output, error, takenEdges);
  }
}
