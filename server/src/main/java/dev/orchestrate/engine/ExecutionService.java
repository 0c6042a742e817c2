package dev.orchestrate.engine;

import dev.orchestrate.billing.SpendingLimits;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.engine.ExecutionViews.ExecutionView;
import dev.orchestrate.pipeline.PipelineService;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.workspace.Membership;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/** The orchestration API: start, read, list, cancel, retry, approve and reject executions. */
@Service
public class ExecutionService {

  private final PipelineService pipelines;
  private final ExecutionRepository executions;
  private final StepRepository steps;
  private final ExecutionQueries queries;
  private final GateDecisions gates;
  private final BudgetDecisions budgets;
  private final WorkspaceAccess access;
  private final EventLog events;
  private final Plans plans;
  private final Engine engine;
  private final ApplicationEventPublisher audit;
  private final JdbcClient jdbc;
  private final SpendingLimits spendingLimits;
  private final ObjectProvider<ExecutionSignals> signals;

  ExecutionService(
      PipelineService pipelines,
      ExecutionRepository executions,
      StepRepository steps,
      ExecutionQueries queries,
      GateDecisions gates,
      BudgetDecisions budgets,
      WorkspaceAccess access,
      EventLog events,
      Plans plans,
      Engine engine,
      ApplicationEventPublisher audit,
      JdbcClient jdbc,
      SpendingLimits spendingLimits,
      ObjectProvider<ExecutionSignals> signals) {
    this.signals = signals;
    this.pipelines = pipelines;
    this.executions = executions;
    this.steps = steps;
    this.queries = queries;
    this.gates = gates;
    this.budgets = budgets;
    this.access = access;
    this.events = events;
    this.plans = plans;
    this.engine = engine;
    this.audit = audit;
    this.jdbc = jdbc;
    this.spendingLimits = spendingLimits;
  }

  /**
   * Starts the pipeline's current version, or an earlier one. The same idempotency key with the
   * same body answers the execution it started (not created again); with another body it is a
   * conflict.
   *
   * @param budget the most the run may spend, in credits; null for the pipeline's default (or none)
   * @param version the pipeline version to run (an older graph runs as it was saved); null for the
   *     current one
   * @throws dev.orchestrate.billing.SpendingLimitException (402) when a spending limit of the
   *     workspace is used up: no paid call could be reserved before it resets
   */
  @Transactional
  public Start start(
      UUID pipelineId, JsonNode input, BigDecimal budget, Integer version, String idempotencyKey) {
    var located = pipelines.locate(pipelineId, Role.MEMBER);
    UUID ws = located.workspaceId();
    int latest = located.pipeline().version();
    if (version != null && (version < 1 || version > latest)) {
      // Versions are numbered 1 to the latest with no gaps: saying which exist is the whole help.
      throw OrchestrateException.invalid(
          "pipeline_version",
          "this pipeline has no version " + version + "; its versions are 1 to " + latest);
    }
    var pipeline =
        version == null || version == latest
            ? located.pipeline()
            : pipelines.getVersion(ws, pipelineId, version);
    JsonNode body =
        input == null || input.isNull()
            ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            : input;
    if (!body.isObject()) {
      throw OrchestrateException.invalid("input", "must be a JSON object");
    }
    String hash = requestHash(pipelineId, body, budget, version);
    if (idempotencyKey != null) {
      var existing = executions.findByKey(ws, idempotencyKey);
      if (existing.isPresent()) {
        return repeat(existing.get(), hash);
      }
    }
    // An older version is checked against what the workspace has now, like the current one: an
    // agent deleted since then is a 422 here, not a failed step later.
    var validation = pipelines.validateGraph(ws, pipeline.graphDefinition());
    if (!validation.valid()) {
      throw OrchestrateException.invalid(validation.fieldProblems());
    }
    spendingLimits.requireRoomToStart(ws);
    UUID userId = Tenancy.currentUserId();
    BigDecimal runBudget =
        budget != null ? budget : validation.graph().flatMap(g -> g.budget()).orElse(null);
    var inserted =
        executions.insert(
            ws, pipelineId, pipeline.version(), body, runBudget, idempotencyKey, hash, userId);
    if (inserted.isEmpty()) {
      // A concurrent start with this key committed first; read committed sees it now.
      return repeat(executions.findByKey(ws, idempotencyKey).orElseThrow(), hash);
    }
    UUID id = inserted.get();
    audit.publishEvent(
        new AuditEvent(
            ws,
            userId,
            "executions",
            "execution.started",
            Map.of(
                "execution_id",
                id,
                "pipeline_id",
                pipelineId,
                "pipeline_version",
                pipeline.version())));
    wakeAfterCommit();
    return new Start(executions.find(id).orElseThrow(), true);
  }

  @Transactional(readOnly = true)
  public ExecutionView get(UUID executionId) {
    return queries.view(visible(executionId, Role.VIEWER));
  }

  @Transactional(readOnly = true)
  public List<ExecutionView> list(
      ExecutionFilter filter, int limit, Instant beforeAt, UUID beforeId) {
    access.require(filter.workspaceId(), Role.VIEWER);
    return queries.summaries(executions.page(filter, limit, beforeAt, beforeId));
  }

  @Transactional
  public ExecutionView cancel(UUID executionId) {
    ExecutionRow execution = executions.lock(visible(executionId, Role.MEMBER).id()).orElseThrow();
    if (!execution.status().canBecome(ExecutionStatus.CANCELLED)) {
      throw OrchestrateException.conflict(
          "The execution already ended (" + execution.status().wire() + ").");
    }
    executions.requestCancel(execution.id());
    if (execution.status() == ExecutionStatus.QUEUED
        || execution.status() == ExecutionStatus.AWAITING_APPROVAL) {
      // Nobody runs it: end it here.
      var error = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      error.put("code", "cancelled");
      error.put("message", "The execution was cancelled.");
      events.appendAsDecision(
          execution.id(),
          execution.workspaceId(),
          List.of(
              EngineEvent.of(
                  "execution_complete",
                  "status",
                  "cancelled",
                  "total_cost",
                  dev.orchestrate.common.Money.normalize(execution.totalCost()),
                  "duration_ms",
                  ExecutionTransitions.durationMs(execution),
                  "error",
                  error)));
      executions.endUnowned(execution.id(), ExecutionStatus.CANCELLED, error);
    } else {
      // After commit: the runner, stopped, must find the request when it reads the execution again.
      afterCommit(() -> engine.cancelLocally(execution.id()));
    }
    audit.publishEvent(
        new AuditEvent(
            execution.workspaceId(),
            Tenancy.currentUserId(),
            "executions",
            "execution.cancelled",
            Map.of("execution_id", execution.id())));
    return queries.view(executions.find(execution.id()).orElseThrow());
  }

  /**
   * Runs a failed execution again from its failed step; completed steps are kept, not charged
   * again.
   */
  @Transactional
  public ExecutionView retry(UUID executionId) {
    ExecutionRow execution = executions.lock(visible(executionId, Role.MEMBER).id()).orElseThrow();
    if (execution.status() != ExecutionStatus.FAILED) {
      throw OrchestrateException.conflict(
          "Only a failed execution can be retried; this one is " + execution.status().wire() + ".");
    }
    steps.resetFailed(execution.id());
    jdbc.sql(
            """
            UPDATE pipeline_executions
            SET cancel_requested = false, version = version + 1, secrets_as_of = now()
            WHERE id = ?
            """)
        .param(execution.id())
        .update();
    executions.requeue(execution.id());
    audit.publishEvent(
        new AuditEvent(
            execution.workspaceId(),
            Tenancy.currentUserId(),
            "executions",
            "execution.retried",
            Map.of("execution_id", execution.id())));
    wakeAfterCommit();
    return queries.view(executions.find(execution.id()).orElseThrow());
  }

  @Transactional
  public ExecutionView decide(UUID executionId, String nodeId, boolean approve, String comment) {
    // visible() without its own membership lookup, and the row locked at once (the decision writes
    // it anyway): one query fewer each on every decision. Row security shows it to members only.
    ExecutionRow execution =
        executions.lock(executionId).orElseThrow(() -> OrchestrateException.notFound("Execution"));
    Membership caller = access.require(execution.workspaceId(), Role.VIEWER);
    var node =
        plans
            .get(execution.workspaceId(), execution.pipelineId(), execution.pipelineVersion())
            .graph()
            .node(nodeId);
    if (node.isPresent()
        && !(node.get() instanceof HumanGateNode)
        && budgets.awaitsBudget(execution.id(), nodeId)) {
      return decideBudget(execution, caller, nodeId, approve, comment);
    }
    if (node.isEmpty() || !(node.get() instanceof HumanGateNode gate)) {
      throw OrchestrateException.conflict("'" + nodeId + "' is not a human gate of this pipeline.");
    }
    boolean allowed =
        gate.approvers().stream().map(Role::fromValue).anyMatch(caller.role()::atLeast);
    if (!allowed) {
      throw OrchestrateException.forbidden(
          "Only " + String.join(", ", gate.approvers()) + " may decide '" + nodeId + "'.");
    }
    if (execution.status().terminal()) {
      throw OrchestrateException.conflict(
          "The execution already ended (" + execution.status().wire() + ").");
    }
    Snapshot decided = gates.decide(execution, nodeId, approve, caller.userId(), comment);
    ExecutionView view = queries.view(decided.execution());
    // Last, since it holds the workspace's claim lock until the commit.
    if (decided.execution().status() != ExecutionStatus.QUEUED || !engine.claimOnCommit(decided)) {
      wakeAfterCommit();
    }
    return view;
  }

  /**
   * Raises the budget of an execution that waits for one; the steps that waited run (owner or
   * admin).
   */
  @Transactional
  public ExecutionView raiseBudget(UUID executionId, BigDecimal budget) {
    ExecutionRow execution = visible(executionId, Role.VIEWER);
    Membership caller = access.require(execution.workspaceId(), Role.ADMIN);
    ExecutionRow raised = budgets.raise(execution.id(), budget, caller.userId());
    wakeAfterCommit();
    return queries.view(raised);
  }

  /** A budget approval is rejected like a gate; it is granted only by raising the budget. */
  private ExecutionView decideBudget(
      ExecutionRow execution, Membership caller, String nodeId, boolean approve, String comment) {
    if (!caller.role().atLeast(Role.ADMIN)) {
      throw OrchestrateException.forbidden(
          "Only " + String.join(", ", BudgetDecisions.APPROVERS) + " may decide '" + nodeId + "'.");
    }
    if (approve) {
      throw OrchestrateException.conflict(
          "'"
              + nodeId
              + "' waits for a larger budget: raise it with POST /orchestrate/executions/"
              + execution.id()
              + "/budget, or reject it.");
    }
    ExecutionRow decided = budgets.reject(execution.id(), nodeId, caller.userId(), comment);
    wakeAfterCommit();
    return queries.view(decided);
  }

  private Start repeat(ExecutionRow existing, String hash) {
    if (!hash.equals(existing.requestHash())) {
      throw OrchestrateException.conflict("This idempotency key was used with another request.");
    }
    return new Start(existing, false);
  }

  private ExecutionRow visible(UUID executionId, Role role) {
    ExecutionRow execution =
        executions.find(executionId).orElseThrow(() -> OrchestrateException.notFound("Execution"));
    access.require(execution.workspaceId(), role);
    return execution;
  }

  private String requestHash(UUID pipelineId, JsonNode input, BigDecimal budget, Integer version) {
    // jsonb's text form is canonical (key order, spacing), so equal bodies hash equally. A start
    // without a budget or a version hashes as before they existed, so keys used then still match.
    String subject =
        budget == null
            ? pipelineId.toString()
            : pipelineId + ":budget=" + Money.normalize(budget).toPlainString();
    if (version != null) {
      subject += ":version=" + version;
    }
    return jdbc.sql("SELECT encode(sha256(convert_to(? || ':' || ?::jsonb::text, 'UTF8')), 'hex')")
        .params(subject, input.toString())
        .query(String.class)
        .single();
  }

  /** This instance's engine at once; the other instances' through a notification. */
  private void wakeAfterCommit() {
    afterCommit(
        () -> {
          engine.wake();
          signals.ifAvailable(ExecutionSignals::workQueued);
        });
  }

  private static void afterCommit(Runnable action) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }

  /** A started (or repeated) execution. */
  public record Start(ExecutionRow execution, boolean created) {}
}
