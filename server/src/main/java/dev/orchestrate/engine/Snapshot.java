package dev.orchestrate.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An execution and its steps, read in one transaction at a superstep boundary. */
record Snapshot(ExecutionRow execution, List<StepRecord> steps) {

  /** The latest run of each node. */
  Map<String, StepRecord> latest() {
    Map<String, StepRecord> latest = new HashMap<>();
    for (StepRecord step : steps) {
      latest.merge(step.nodeId(), step, (a, b) -> a.run() >= b.run() ? a : b);
    }
    return latest;
  }

  Collection<StepRecord> latestCompleted() {
    return latest().values().stream().filter(s -> s.status() == StepStatus.COMPLETED).toList();
  }

  /** Outputs of the nodes whose latest run completed, by node id. */
  Map<String, JsonNode> outputs() {
    Map<String, JsonNode> outputs = new HashMap<>();
    latestCompleted().forEach(s -> outputs.put(s.nodeId(), s.output()));
    return outputs;
  }

  Map<String, String> statuses() {
    Map<String, String> statuses = new HashMap<>();
    latest().forEach((id, s) -> statuses.put(id, s.status().wire()));
    return statuses;
  }

  /** A node whose latest run was started and not finished (a retry, or a dead instance's work). */
  boolean inProgress(String nodeId) {
    StepRecord last = latest().get(nodeId);
    return last != null
        && (last.status() == StepStatus.RUNNING || last.status() == StepStatus.PENDING);
  }
}
