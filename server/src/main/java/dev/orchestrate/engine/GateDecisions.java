package dev.orchestrate.engine;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides waiting gates, from any instance: by a person (approve, reject) or by the clock (a gate
 * past its timeout is rejected). The decision completes the gate step; a parked execution is queued
 * again for any instance to claim, and a running one sees the decision at its next superstep.
 */
@Component
class GateDecisions {

  private final ExecutionRepository executions;
  private final StepRepository steps;
  private final EventLog events;
  private final Plans plans;
  private final ApplicationEventPublisher audit;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final Tenancy tenancy;

  GateDecisions(
      ExecutionRepository executions,
      StepRepository steps,
      EventLog events,
      Plans plans,
      ApplicationEventPublisher audit,
      JdbcClient jdbc,
      JsonMapper json,
      Clock clock,
      Tenancy tenancy) {
    this.executions = executions;
    this.steps = steps;
    this.events = events;
    this.plans = plans;
    this.audit = audit;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.tenancy = tenancy;
  }

  /**
   * Records a decision on the gate {@code nodeId}, inside the caller's transaction. Answers the
   * execution and its steps as they are now, read under the row's lock, so that a runner started
   * once this commits can begin from them instead of reading them again.
   *
   * @param locked the execution, locked ({@code FOR UPDATE}) by the caller in this transaction
   * @param by who decided; null for a timeout
   * @throws OrchestrateException 409 when that gate is not waiting
   */
  @Transactional
  Snapshot decide(ExecutionRow locked, String nodeId, boolean approved, UUID by, String comment) {
    if (locked.status().terminal()) {
      throw OrchestrateException.conflict(
          "The execution already ended (" + locked.status().wire() + ").");
    }
    Plan plan = plans.get(locked.workspaceId(), locked.pipelineId(), locked.pipelineVersion());
    if (!(plan.graph().node(nodeId).orElse(null) instanceof HumanGateNode)) {
      throw OrchestrateException.conflict("'" + nodeId + "' is not a human gate of this pipeline.");
    }
    List<StepRecord> before = steps.forExecution(locked.id());
    var snapshot = new Snapshot(locked, before);
    ObjectNode output = json.createObjectNode();
    output.put("decision", approved ? "approved" : "rejected");
    output.put("by", by == null ? null : by.toString());
    output.put("comment", comment);
    output.put("decided_at", clock.instant().toString());
    var outputs = new java.util.HashMap<>(snapshot.outputs());
    outputs.put(nodeId, output);
    var statuses = new java.util.HashMap<>(snapshot.statuses());
    statuses.put(nodeId, StepStatus.COMPLETED.wire());
    List<String> taken;
    try {
      taken = plan.takenEdges(nodeId, locked.input(), outputs, statuses, !approved);
    } catch (UndecidableEdgeException e) {
      throw OrchestrateException.invalid("node_id", e.getMessage());
    }
    List<StepRecord> decidedSteps = steps.decide(locked.id(), nodeId, output, taken);
    if (decidedSteps.isEmpty()) {
      throw OrchestrateException.conflict(
          "The approval '" + nodeId + "' is not waiting for a decision.");
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("node_id", nodeId);
    resolved.put("decision", approved ? "approved" : "rejected");
    resolved.put("by", by);
    resolved.put("comment", comment);
    var decided =
        executions.decided(locked.id(), 1, locked.status() == ExecutionStatus.AWAITING_APPROVAL);
    events.insert(
        locked.id(),
        locked.workspaceId(),
        decided.lastEventSeq(),
        List.of(new EngineEvent("approval_resolved", resolved)));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", locked.id());
    details.put("node_id", nodeId);
    details.put("decision", approved ? "approved" : "rejected");
    details.put("comment", comment);
    audit.publishEvent(
        new AuditEvent(
            locked.workspaceId(),
            by,
            "approvals",
            approved ? "approval.approved" : "approval.rejected",
            details));
    return new Snapshot(decided.execution(), replaced(before, decidedSteps));
  }

  /** {@code steps} with the ones in {@code changed} (by id) as they are now, in the same order. */
  private static List<StepRecord> replaced(List<StepRecord> steps, List<StepRecord> changed) {
    Map<UUID, StepRecord> byId = new java.util.HashMap<>();
    changed.forEach(step -> byId.put(step.id(), step));
    return steps.stream().map(step -> byId.getOrDefault(step.id(), step)).toList();
  }

  /** Rejects every gate whose timeout has passed; answers the executions it touched. */
  List<UUID> timeOutExpired() {
    List<Expired> expired =
        tenancy.inSystemTransaction(
            "gate timeouts",
            () ->
                jdbc.sql(
                        """
                        SELECT s.execution_id, s.node_id FROM pipeline_steps s
                        JOIN pipeline_executions e ON e.id = s.execution_id
                        WHERE s.status = 'awaiting_approval' AND s.wait_deadline < now()
                          AND e.status IN ('queued', 'running', 'awaiting_approval')
                        LIMIT 100
                        """)
                    .query((rs, n) -> new Expired(rs.getObject(1, UUID.class), rs.getString(2)))
                    .list());
    for (Expired gate : expired) {
      try {
        tenancy.inSystemTransaction(
            "gate timeout",
            () ->
                decide(
                    executions.lock(gate.executionId()).orElseThrow(),
                    gate.nodeId(),
                    false,
                    null,
                    "timed out"));
      } catch (OrchestrateException e) {
        // Decided by someone else meanwhile.
      }
    }
    return expired.stream().map(Expired::executionId).toList();
  }

  private record Expired(UUID executionId, String nodeId) {}
}
