package dev.orchestrate.engine;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides budget approvals, from any instance: raising the budget puts the steps that wait for it
 * back to pending (none had started its calls, so each runs for the first time, under a new attempt
 * number and so new charge keys); rejecting fails the step with {@code budget_exceeded}, which
 * fails the execution. A parked execution is queued again for any instance to claim; a running one
 * sees the decision at its next superstep, as with gates.
 */
@Component
class BudgetDecisions {

  /** Who may decide a budget approval: those who may spend the workspace's credits. */
  static final List<String> APPROVERS = List.of("owner", "admin");

  private final ExecutionRepository executions;
  private final StepRepository steps;
  private final EventLog events;
  private final ApplicationEventPublisher audit;

  BudgetDecisions(
      ExecutionRepository executions,
      StepRepository steps,
      EventLog events,
      ApplicationEventPublisher audit) {
    this.executions = executions;
    this.steps = steps;
    this.events = events;
    this.audit = audit;
  }

  /**
   * Sets a larger budget on an execution that waits for one.
   *
   * @throws OrchestrateException 409 when it waits for no budget; 422 when {@code budget} is not
   *     larger than what the run has spent
   */
  @Transactional
  ExecutionRow raise(UUID executionId, BigDecimal budget, UUID by) {
    ExecutionRow locked = waiting(executionId);
    List<String> nodes = steps.awaitingBudget(locked.id());
    if (nodes.isEmpty()) {
      throw OrchestrateException.conflict("The execution is not waiting for a budget approval.");
    }
    if (budget.compareTo(locked.totalCost()) <= 0) {
      throw OrchestrateException.invalid(
          "budget",
          "must be larger than what the run has spent ("
              + Money.normalize(locked.totalCost()).toPlainString()
              + ")");
    }
    executions.setBudget(locked.id(), budget);
    steps.resumeAfterBudget(locked.id());
    List<EngineEvent> resolved = new ArrayList<>();
    for (String node : nodes) {
      Map<String, Object> fields = resolved(node, "approved", by, null);
      fields.put("budget", Money.normalize(budget));
      resolved.add(new EngineEvent("approval_resolved", fields));
    }
    events.appendAsDecision(locked.id(), locked.workspaceId(), resolved);
    if (locked.status() == ExecutionStatus.AWAITING_APPROVAL) {
      executions.requeue(locked.id());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", locked.id());
    details.put("budget", Money.normalize(budget));
    details.put("previous", locked.budget() == null ? null : Money.normalize(locked.budget()));
    details.put("spent", Money.normalize(locked.totalCost()));
    audit.publishEvent(
        new AuditEvent(locked.workspaceId(), by, "executions", "execution.budget_raised", details));
    return executions.find(locked.id()).orElseThrow();
  }

  /**
   * Rejects the budget approval of {@code nodeId}: its step fails with {@code budget_exceeded}.
   *
   * @throws OrchestrateException 409 when that step does not wait for a budget
   */
  @Transactional
  ExecutionRow reject(UUID executionId, String nodeId, UUID by, String comment) {
    ExecutionRow locked = waiting(executionId);
    var error = new LinkedHashMap<String, Object>();
    error.put("code", AgentCallHandler.BUDGET_EXCEEDED);
    error.put(
        "message",
        "The run's budget ("
            + Money.normalize(locked.budget()).toPlainString()
            + ") was not raised for '"
            + nodeId
            + "'.");
    error.put("node_id", nodeId);
    if (!steps.failForBudget(locked.id(), nodeId, error)) {
      throw OrchestrateException.conflict(
          "The approval '" + nodeId + "' is not waiting for a decision.");
    }
    events.appendAsDecision(
        locked.id(),
        locked.workspaceId(),
        List.of(new EngineEvent("approval_resolved", resolved(nodeId, "rejected", by, comment))));
    if (locked.status() == ExecutionStatus.AWAITING_APPROVAL) {
      executions.requeue(locked.id());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("execution_id", locked.id());
    details.put("node_id", nodeId);
    details.put("kind", "budget");
    details.put("decision", "rejected");
    details.put("comment", comment);
    audit.publishEvent(
        new AuditEvent(locked.workspaceId(), by, "approvals", "approval.rejected", details));
    return executions.find(locked.id()).orElseThrow();
  }

  /** Whether the step of {@code nodeId} waits for a larger budget. */
  boolean awaitsBudget(UUID executionId, String nodeId) {
    return steps.awaitingBudget(executionId).contains(nodeId);
  }

  private ExecutionRow waiting(UUID executionId) {
    ExecutionRow locked = executions.lock(executionId).orElseThrow();
    if (locked.status().terminal()) {
      throw OrchestrateException.conflict(
          "The execution already ended (" + locked.status().wire() + ").");
    }
    return locked;
  }

  private static Map<String, Object> resolved(
      String nodeId, String decision, UUID by, String comment) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("node_id", nodeId);
    fields.put("kind", "budget");
    fields.put("decision", decision);
    fields.put("by", by);
    fields.put("comment", comment);
    return fields;
  }
}
