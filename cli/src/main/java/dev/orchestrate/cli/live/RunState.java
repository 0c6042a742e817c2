package dev.orchestrate.cli.live;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What the live view knows of one execution, folded from its events in {@code seq} order: a line
 * per node in the pipeline's order, the run's status, its cost so far and, once it ends, its total
 * and duration. Events replayed after a reconnect fold the same way, so it never matters whether a
 * view started at the beginning or in the middle.
 */
public final class RunState {

  private final String executionId;
  private final Map<String, NodeLine> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> budgetPauses = new HashMap<>();
  private String status;
  private BigDecimal cost = BigDecimal.ZERO;
  private Long durationMs;
  private Event.Failure error;
  private Instant startedAt;
  private Event.ApprovalRequired waiting;
  private long lastSeq;

  private RunState(String executionId, String status) {
    this.executionId = executionId;
    this.status = status;
  }

  /**
   * The nodes of an execution as {@code GET /orchestrate/executions/{id}} lists them, all pending:
   * the events, replayed from the first, say where each one is.
   */
  public static RunState of(JsonNode execution) {
    var state = new RunState(execution.path("id").asString(""), "queued");
    for (JsonNode step : execution.path("steps")) {
      String id = step.path("node_id").asString("");
      state.nodes.put(id, NodeLine.pending(id, step.path("label").asString(id)));
    }
    return state;
  }

  /** The execution as it is now, from its view alone (for {@code show}, which follows nothing). */
  public static RunState snapshot(JsonNode execution) {
    var state =
        new RunState(execution.path("id").asString(""), execution.path("status").asString(""));
    Set<String> awaitingBudget = new HashSet<>();
    for (JsonNode pending : execution.path("pending_approvals")) {
      if ("budget".equals(pending.path("kind").asString(""))) {
        awaitingBudget.add(pending.path("node_id").asString(""));
      }
    }
    for (JsonNode step : execution.path("steps")) {
      String id = step.path("node_id").asString("");
      NodeStatus status = NodeStatus.ofStep(step.path("status").asString(""));
      if (status == NodeStatus.AWAITING_APPROVAL && awaitingBudget.contains(id)) {
        status = NodeStatus.AWAITING_BUDGET;
      }
      state.nodes.put(
          id,
          new NodeLine(
              id,
              step.path("label").asString(id),
              status,
              step.hasNonNull("duration_ms") ? step.get("duration_ms").asLong() : null,
              step.path("cost").isNumber() ? step.get("cost").decimalValue() : BigDecimal.ZERO,
              step.path("attempt").asInt(0),
              Event.Failure.of(step.get("error"))));
    }
    state.cost =
        execution.path("total_cost").isNumber()
            ? execution.get("total_cost").decimalValue()
            : BigDecimal.ZERO;
    state.durationMs =
        execution.hasNonNull("duration_ms") ? execution.get("duration_ms").asLong() : null;
    state.error = Event.Failure.of(execution.get("error"));
    return state;
  }

  public void apply(Event event) {
    lastSeq = Math.max(lastSeq, event.seq());
    // Java 17 has no pattern switch: the CLI is compiled for 17 so that any default java runs it.
    if (event instanceof Event.ExecutionStart e) {
      status = "running";
      durationMs = null;
      error = null;
      if (startedAt == null) {
        startedAt = e.ts();
      }
    } else if (event instanceof Event.StepStart e) {
      // A step that waited for its budget had not made its calls: the attempts it was given
      // before each raise are not tries the user should count.
      int tries = e.attempt() - budgetPauses.getOrDefault(e.nodeId(), 0);
      update(e.nodeId(), e.label(), n -> n.started(Math.max(1, tries)));
    } else if (event instanceof Event.StepComplete e) {
      update(e.nodeId(), e.label(), n -> n.completed(e.durationMs(), e.cost()));
      cost = cost.add(e.cost());
    } else if (event instanceof Event.StepFailed e) {
      update(e.nodeId(), e.label(), n -> n.failed(e.error(), e.willRetry()));
    } else if (event instanceof Event.StepSkipped e) {
      update(e.nodeId(), e.label(), n -> n.with(NodeStatus.SKIPPED));
    } else if (event instanceof Event.ApprovalRequired e) {
      NodeStatus awaiting =
          e.isBudget() ? NodeStatus.AWAITING_BUDGET : NodeStatus.AWAITING_APPROVAL;
      update(e.nodeId(), e.label(), n -> n.with(awaiting));
      if (e.isBudget()) {
        budgetPauses.merge(e.nodeId(), 1, Integer::sum);
      }
      status = "awaiting_approval";
      waiting = e;
    } else if (event instanceof Event.ApprovalResolved e) {
      update(e.nodeId(), null, n -> n.with(decided(e)));
      waiting = null;
    } else if (event instanceof Event.ExecutionComplete e) {
      status = e.status();
      cost = e.totalCost();
      durationMs = e.durationMs();
      error = e.error();
      waiting = null;
    }
    // Streamed text, tool calls and charges change no line: the renderers show them as they come.
  }

  /**
   * A gate's node is decided; a node whose budget was raised has not run yet (it starts next), and
   * one whose budget was not raised never will.
   */
  private static NodeStatus decided(Event.ApprovalResolved e) {
    boolean approved = "approved".equals(e.decision());
    if (e.isBudget()) {
      return approved ? NodeStatus.PENDING : NodeStatus.REJECTED;
    }
    return approved ? NodeStatus.APPROVED : NodeStatus.REJECTED;
  }

  private void update(String nodeId, String label, java.util.function.UnaryOperator<NodeLine> f) {
    NodeLine line = nodes.get(nodeId);
    if (line == null) {
      line = NodeLine.pending(nodeId, label == null ? nodeId : label);
    }
    nodes.put(nodeId, f.apply(line));
  }

  public String executionId() {
    return executionId;
  }

  public List<NodeLine> nodes() {
    return new ArrayList<>(nodes.values());
  }

  public NodeLine node(String nodeId) {
    return nodes.get(nodeId);
  }

  /** {@code queued}, {@code running}, {@code awaiting_approval} or a final status. */
  public String status() {
    return status;
  }

  public boolean isOver() {
    return durationMs != null;
  }

  public BigDecimal cost() {
    return cost;
  }

  /** The run's duration once it ended; null before. */
  public Long durationMs() {
    return durationMs;
  }

  public Event.Failure error() {
    return error;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The gate or budget approval the run waits at, or null. */
  public Event.ApprovalRequired waiting() {
    return waiting;
  }

  public long lastSeq() {
    return lastSeq;
  }
}
