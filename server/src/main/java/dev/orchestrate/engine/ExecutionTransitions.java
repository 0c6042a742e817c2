package dev.orchestrate.engine;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The runner's execution-level transitions: begin, park at gates, and end. */
@Component
class ExecutionTransitions {

  private final ExecutionRepository executions;
  private final EventLog events;
  private final ApplicationEventPublisher audit;

  ExecutionTransitions(
      ExecutionRepository executions, EventLog events, ApplicationEventPublisher audit) {
    this.executions = executions;
    this.events = events;
    this.audit = audit;
  }

  /**
   * The execution leaves {@code queued}. Its first start (even after waiting queued behind the
   * workspace's cap) is announced with {@code execution_start}; resuming after a gate or a retry is
   * not a new start. Answers the execution's version as it found it.
   */
  @Transactional
  long begin(Lease lease, ExecutionRow execution) {
    if (execution.startedAt() != null) {
      if (!executions.begin(lease)) {
        throw new LeaseLostException(lease);
      }
      return execution.version();
    }
    long version =
        events.append(
            lease,
            List.of(
                EngineEvent.of(
                    "execution_start",
                    "pipeline_id",
                    execution.pipelineId(),
                    "pipeline_version",
                    execution.pipelineVersion())));
    if (!executions.begin(lease)) {
      throw new LeaseLostException(lease);
    }
    return version;
  }

  /**
   * Only gates are left: the execution waits holding no lease; false if a decision just arrived.
   */
  @Transactional
  boolean park(Lease lease, long seenVersion) {
    return executions.park(lease, seenVersion);
  }

  @Transactional
  void finish(
      Lease lease,
      ExecutionRow execution,
      ExecutionStatus status,
      JsonNode output,
      JsonNode error) {
    ExecutionRow current = executions.find(lease.executionId()).orElseThrow();
    long durationMs = durationMs(current);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", status.wire());
    fields.put("total_cost", Money.normalize(current.totalCost()));
    fields.put("duration_ms", durationMs);
    if (error != null) {
      fields.put("error", error);
    }
    events.append(lease, List.of(new EngineEvent("execution_complete", fields)));
    if (!executions.finish(lease, status, output, error)) {
      throw new LeaseLostException(lease);
    }
    audit(execution, status, current.totalCost(), durationMs);
  }

  private void audit(
      ExecutionRow execution, ExecutionStatus status, BigDecimal cost, long durationMs) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", execution.id());
    details.put("pipeline_id", execution.pipelineId());
    details.put("status", status.wire());
    details.put("total_cost", Money.normalize(cost));
    details.put("duration_ms", durationMs);
    audit.publishEvent(
        new AuditEvent(execution.workspaceId(), null, "executions", "execution.finished", details));
  }

  static long durationMs(ExecutionRow row) {
    Instant start = row.startedAt() != null ? row.startedAt() : row.createdAt();
    Instant end = row.finishedAt() != null ? row.finishedAt() : Instant.now();
    return Math.max(0, Duration.between(start, end).toMillis());
  }
}
