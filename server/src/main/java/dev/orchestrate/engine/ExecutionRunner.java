package dev.orchestrate.engine;

import dev.orchestrate.billing.Credits;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.pipeline.graph.FinalizeNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a claimed execution superstep by superstep until it ends, parks at its gates, or the lease
 * is lost. Each superstep is computed from the committed steps alone (held in memory, see {@link
 * RunState}), so resuming after a crash is this same code on another instance.
 */
@Component
class ExecutionRunner {

  private static final Logger log = LoggerFactory.getLogger(ExecutionRunner.class);

  private final Plans plans;
  private final ExecutionRepository executions;
  private final StepRepository steps;
  private final ExecutionTransitions executionTransitions;
  private final NodeRunner nodes;
  private final Credits credits;
  private final JsonMapper json;
  private final TransactionTemplate transactions;
  private final EngineProperties properties;

  ExecutionRunner(
      Plans plans,
      ExecutionRepository executions,
      StepRepository steps,
      ExecutionTransitions executionTransitions,
      NodeRunner nodes,
      Credits credits,
      JsonMapper json,
      PlatformTransactionManager transactionManager,
      EngineProperties properties) {
    this.plans = plans;
    this.executions = executions;
    this.steps = steps;
    this.executionTransitions = executionTransitions;
    this.nodes = nodes;
    this.credits = credits;
    this.json = json;
    this.transactions = new TransactionTemplate(transactionManager);
    this.properties = properties;
  }

  /** Runs until the execution ends or waits; {@code control} stops its model calls. */
  void run(Lease lease, CallControl control) {
    run(lease, control, null);
  }

  /**
   * Runs until the execution ends or waits; {@code control} stops its model calls.
   *
   * @param first the execution and its steps as the claim left them, when the claiming transaction
   *     read them (an approve); null to read them here
   */
  void run(Lease lease, CallControl control, Snapshot first) {
    Tenancy.runAs(
        new Tenant.System("engine"),
        () -> {
          try {
            loop(lease, control, first);
          } catch (LeaseLostException e) {
            log.info("{}; another instance carries on", e.getMessage());
          } catch (DataAccessException | TransactionException e) {
            // The database may be away for a moment: the lease expires and a runner (this
            // instance's or another's) takes the execution up again; a step that keeps failing
            // this way is bounded by NodeRunner.MAX_INTERRUPTIONS.
            throw e;
          } catch (RuntimeException e) {
            failUnexpectedly(lease, e);
          }
          return null;
        });
  }

  private void loop(Lease lease, CallControl control, Snapshot first) {
    RunState state = new RunState(first != null ? first : read(lease));
    ExecutionRow execution = state.execution();
    Plan plan;
    try {
      plan =
          plans.get(execution.workspaceId(), execution.pipelineId(), execution.pipelineVersion());
    } catch (DataAccessException | TransactionException e) {
      throw e; // the database, not the pipeline: taken up again once it answers
    } catch (RuntimeException e) {
      fail(
          lease,
          execution,
          "validation_failed",
          "The pipeline version cannot run: " + e.getMessage());
      return;
    }
    if (execution.status() == ExecutionStatus.QUEUED) {
      state.observed(executionTransitions.begin(lease, execution));
    }
    Instant lastRead = Instant.now();
    while (true) {
      if (state.stale() || control.cancelled() || leaseGap(lastRead)) {
        // Someone else changed the execution (a decision, a cancel, a retry), or this runner went
        // long without a write: what it holds in memory may be old, so read the committed rows.
        state = state.reread(read(lease));
        lastRead = Instant.now();
      }
      assert FrontierOracle.agrees(plan, state, read(lease));
      execution = state.execution();
      if (execution.cancelRequested()) {
        executionTransitions.finish(
            lease,
            execution,
            ExecutionStatus.CANCELLED,
            null,
            error("cancelled", "The execution was cancelled.", null));
        return;
      }
      List<StepRecord> steps = state.steps();
      Frontier frontier = Frontier.compute(plan.graph(), steps);
      if (frontier.failed().isPresent()) {
        executionTransitions.finish(
            lease, execution, ExecutionStatus.FAILED, null, frontier.failed().get().error());
        return;
      }
      if (frontier.rejected().isPresent()) {
        String node = frontier.rejected().get().nodeId();
        executionTransitions.finish(
            lease,
            execution,
            ExecutionStatus.REJECTED,
            null,
            error("rejected", "The approval '" + node + "' was rejected.", node));
        return;
      }
      Set<String> carried = state.takePrestarted();
      // Nodes a completion already started run in the superstep their rows were started in.
      int superstep = state.lastSuperstep() + (carried.isEmpty() ? 1 : 0);
      if (!frontier.unreachable().isEmpty()) {
        nodes.markSkipped(lease, plan, state, frontier.unreachable(), superstep);
      }
      if (frontier.finished()) {
        executionTransitions.finish(
            lease, execution, ExecutionStatus.COMPLETED, output(plan, state), null);
        return;
      }
      if (frontier.ready().isEmpty()) {
        if (executionTransitions.park(lease, state.version())) {
          return;
        }
        state = state.reread(read(lease)); // a decision arrived meanwhile: look again
        lastRead = Instant.now();
        continue;
      }
      final RunState current = state;
      long newRuns = frontier.ready().stream().filter(id -> !current.inProgress(id)).count();
      if (state.nodeRuns() + newRuns > plan.graph().maxSteps()) {
        fail(
            lease,
            execution,
            "step_limit",
            "The execution ran "
                + state.nodeRuns()
                + " steps, the limit is "
                + plan.graph().maxSteps()
                + ".");
        return;
      }
      releaseOrphanedReservations(lease, steps, frontier.ready(), carried);
      runSuperstep(
          lease,
          plan,
          state,
          new Superstep(superstep, state.view(), carried, frontier.ready()),
          frontier.ready(),
          control);
      lastRead = Instant.now();
    }
  }

  /** Longer than a lease since the last look: another instance may have run it meanwhile. */
  private boolean leaseGap(Instant lastRead) {
    return Duration.between(lastRead, Instant.now()).compareTo(properties.lease()) > 0;
  }

  private void runSuperstep(
      Lease lease,
      Plan plan,
      RunState state,
      Superstep superstep,
      List<String> ready,
      CallControl control) {
    if (ready.size() == 1) {
      // One node (a chain): run it on this thread, without a pool and a thread per superstep.
      try {
        nodes.run(lease, plan, state, superstep, ready.getFirst(), control);
      } catch (Error e) {
        throw new IllegalStateException("A node failed unexpectedly", e); // as from the pool
      } finally {
        superstep.finished(ready.getFirst());
      }
      return;
    }
    Tenant tenant = Tenancy.current().orElseThrow();
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String id : ready) {
        running.add(
            pool.submit(
                () ->
                    Tenancy.runAs(
                        tenant,
                        () -> {
                          try {
                            nodes.run(lease, plan, state, superstep, id, control);
                          } finally {
                            superstep.finished(id);
                          }
                          return null;
                        })));
      }
    }
    for (var future : running) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw new IllegalStateException("A node failed unexpectedly", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private void fail(Lease lease, ExecutionRow execution, String code, String message) {
    executionTransitions.finish(
        lease, execution, ExecutionStatus.FAILED, null, error(code, message, null));
  }

  /**
   * Ends the execution {@code failed} with {@code internal}: an error outside any step is a defect
   * that would recur on every claim, so claiming it again would only burn a slot forever.
   */
  private void failUnexpectedly(Lease lease, RuntimeException e) {
    String reference = InternalFailure.reference();
    log.error("Execution {} failed unexpectedly [ref {}]", lease.executionId(), reference, e);
    ExecutionRow execution = read(lease).execution();
    fail(
        lease,
        execution,
        InternalFailure.CODE,
        "The execution failed on an unexpected error (reference " + reference + ").");
  }

  /**
   * A step left running by a dead instance may hold reserved credits for a call whose result was
   * never committed: give them back before running the step again (or failing it as interrupted),
   * those of every attempt of the run, for no attempt but the one this runner starts can still
   * settle: an attempt settles in the fenced transaction of its outcome. Only while this runner
   * still holds the lease, checked in the releasing transaction: a runner that stalled past its
   * lease reads the new owner's attempt as running, and releasing that attempt's reservation would
   * make its call settle as 0.
   */
  private void releaseOrphanedReservations(
      Lease lease, List<StepRecord> steps, List<String> ready, Set<String> carried) {
    List<String> prefixes =
        steps.stream()
            .filter(
                step ->
                    step.status() == StepStatus.RUNNING
                        && ready.contains(step.nodeId())
                        && !carried.contains(step.nodeId()))
            .map(step -> "exec:%s:%s:%d:".formatted(lease.executionId(), step.nodeId(), step.run()))
            .toList();
    if (prefixes.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          // The row lock keeps a claim from taking the lease over until these releases commit.
          if (!executions.lockHeld(lease)) {
            throw new LeaseLostException(lease);
          }
          prefixes.forEach(prefix -> credits.releaseOpen(lease.workspaceId(), prefix));
          // Releases wait their turn for the workspace's credit account, and after a restart every
          // recovering runner of the workspace is in that line at once: longer than a lease, at
          // times, while this row stays locked and unrenewed.
          executions.renewLocked(lease, properties.lease());
        });
  }

  private Snapshot read(Lease lease) {
    return transactions.execute(
        status ->
            new Snapshot(
                executions.find(lease.executionId()).orElseThrow(),
                steps.forExecution(lease.executionId())));
  }

  /** The finalize node's output, or every step's output by node id when there is none. */
  private JsonNode output(Plan plan, RunState state) {
    Snapshot snapshot = new Snapshot(state.execution(), state.steps());
    Optional<StepRecord> finalized =
        snapshot.latestCompleted().stream()
            .filter(s -> plan.graph().node(s.nodeId()).orElse(null) instanceof FinalizeNode)
            .max(Comparator.comparingInt(StepRecord::superstep));
    if (finalized.isPresent()) {
      return finalized.get().output();
    }
    ObjectNode all = json.createObjectNode();
    snapshot.latestCompleted().forEach(s -> all.set(s.nodeId(), s.output()));
    return all;
  }

  private JsonNode error(String code, String message, String nodeId) {
    ObjectNode error = json.createObjectNode();
    error.put("code", code);
    error.put("message", message);
    if (nodeId != null) {
      error.put("node_id", nodeId);
    }
    return error;
  }
}
