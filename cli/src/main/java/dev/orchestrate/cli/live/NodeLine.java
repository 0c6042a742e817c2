package dev.orchestrate.cli.live;

import java.math.BigDecimal;

/** One node of the live view: what it is called, where it is, how long it took, what it cost. */
public record NodeLine(
    String nodeId,
    String label,
    NodeStatus status,
    Long durationMs,
    BigDecimal cost,
    int attempt,
    Event.Failure error) {

  static NodeLine pending(String nodeId, String label) {
    return new NodeLine(nodeId, label, NodeStatus.PENDING, null, BigDecimal.ZERO, 0, null);
  }

  NodeLine with(NodeStatus next) {
    return new NodeLine(nodeId, label, next, durationMs, cost, attempt, error);
  }

  NodeLine started(int attemptNo) {
    return new NodeLine(nodeId, label, NodeStatus.RUNNING, null, cost, attemptNo, null);
  }

  NodeLine completed(long millis, BigDecimal paid) {
    return new NodeLine(nodeId, label, NodeStatus.COMPLETED, millis, paid, attempt, null);
  }

  NodeLine failed(Event.Failure failure, boolean willRetry) {
    return new NodeLine(
        nodeId,
        label,
        willRetry ? NodeStatus.RETRYING : NodeStatus.FAILED,
        durationMs,
        cost,
        attempt,
        failure);
  }
}
