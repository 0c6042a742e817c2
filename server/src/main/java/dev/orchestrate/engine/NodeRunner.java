package dev.orchestrate.engine;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.pipeline.graph.McpToolNode;
import dev.orchestrate.pipeline.graph.NodeSpec;
import dev.orchestrate.pipeline.graph.OnBudget;
import dev.orchestrate.pipeline.graph.RetrySpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Runs one node of a superstep: its attempts under the node's retry policy and timeout, each
 * attempt's outcome committed by {@link StepTransitions}.
 */
@Component
class NodeRunner {

  /** agent_call and mcp_tool retry transient faults by default; other nodes do not. */
  static final RetrySpec TRANSIENT_DEFAULT = new RetrySpec(3, 1000);

  /**
   * How many times a step may be taken over from a runner that died (a crash, a lost lease, an
   * error that escaped) on top of its retry policy's attempts, before it fails as {@code internal}.
   */
  static final int MAX_INTERRUPTIONS = 3;

  private final StepTransitions transitions;
  private final NodeHandlers handlers;
  private final EventLog eventLog;
  private final StepRepository steps;
  private final EngineProperties properties;
  private final TransactionTemplate transactions;

  NodeRunner(
      StepTransitions transitions,
      NodeHandlers handlers,
      EventLog eventLog,
      StepRepository steps,
      EngineProperties properties,
      PlatformTransactionManager transactionManager) {
    this.transitions = transitions;
    this.handlers = handlers;
    this.eventLog = eventLog;
    this.steps = steps;
    this.properties = properties;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  void markSkipped(Lease lease, Plan plan, RunState state, List<String> ids, int superstep) {
    var skipped =
        transitions.markSkipped(
            lease, ids.stream().map(id -> plan.graph().node(id).orElseThrow()).toList(), superstep);
    state.observed(skipped.version());
    state.skipped(skipped.rows());
  }

  void run(
      Lease lease,
      Plan plan,
      RunState state,
      Superstep superstep,
      String nodeId,
      CallControl execution) {
    NodeSpec node = plan.graph().node(nodeId).orElseThrow();
    RunState.View view = superstep.view();
    StepRecord last = state.latest(nodeId);
    JsonNode input =
        StepInput.of(view.execution().input(), view.outputs(), node, plan.ancestors(nodeId));
    RetrySpec retry =
        node.retry()
            .orElse(
                node instanceof AgentCallNode || node instanceof McpToolNode
                    ? TRANSIENT_DEFAULT
                    : new RetrySpec(1, 0));
    int run;
    int attempt;
    UUID stepId;
    if (superstep.carried(nodeId)) {
      // Started by the commit that completed the superstep before: its first attempt runs now.
      run = last.run();
      stepId = last.id();
      attempt = last.attempt();
    } else if (last != null
        && (last.status() == StepStatus.RUNNING || last.status() == StepStatus.PENDING)) {
      run = last.run();
      stepId = last.id();
      if (last.status() == StepStatus.RUNNING
          && last.attempt() >= retry.maxAttempts() + MAX_INTERRUPTIONS) {
        // Every runner that took this step died (or threw) before recording an outcome: another
        // attempt would most likely do the same, and the execution would be claimed forever. A
        // pending step was put back on purpose (a retry, a raised budget), not interrupted.
        var ctx = attempts(lease, plan, view, node, stepId, run).context(last.attempt(), null);
        fail(
            state,
            ctx,
            InternalFailure.interrupted(nodeId, lease.executionId(), last.attempt()),
            false);
        return;
      }
      attempt = last.attempt() + 1;
      restart(state, lease, node, stepId, attempt, superstep.number(), input);
    } else {
      run = last == null ? 1 : last.run() + 1;
      attempt = 1;
      var written = transitions.start(lease, node, run, superstep.number(), input);
      stepId = written.stepId();
      state.observed(written.version());
      state.started(
          new StepRecord(
              stepId,
              nodeId,
              run,
              StepStatus.RUNNING,
              1,
              superstep.number(),
              null,
              null,
              List.of()),
          false);
    }
    Attempts attempts = attempts(lease, plan, view, node, stepId, run);
    for (int tries = 1; ; tries++, attempt++) {
      if (tries > 1) {
        restart(state, lease, node, stepId, attempt, superstep.number(), input);
      }
      Instant started = Instant.now();
      var control = new CallControl();
      execution.onCancel(control::cancel);
      var ctx = attempts.context(attempt, control);
      Outcome outcome = withTimeout(ctx, control);
      switch (outcome) {
        case Outcome.Completed done -> {
          var unstored = complete(lease, plan, state, superstep, ctx, done, started);
          if (unstored.isEmpty()) {
            return;
          }
          fail(state, ctx, unstored.get(), false);
          return;
        }
        case Outcome.Waiting waiting -> {
          synchronized (superstep) {
            state.observed(transitions.await(lease, ctx, waiting));
            state.ended(stepId, StepStatus.AWAITING_APPROVAL, null);
            superstep.finished(nodeId);
          }
          return;
        }
        case Outcome.OverBudget over -> {
          synchronized (superstep) {
            state.observed(transitions.awaitBudget(lease, ctx, over));
            state.ended(stepId, StepStatus.AWAITING_APPROVAL, null);
            superstep.finished(nodeId);
          }
          return;
        }
        case Outcome.Failed failed -> {
          boolean again =
              failed.retryable() && tries < retry.maxAttempts() && !execution.cancelled();
          fail(state, ctx, execution.cancelled() ? cancelled(failed) : failed, again);
          if (!again) {
            return;
          }
          if (!RetryWait.pause(RetryWait.backoff(retry, tries), execution)) {
            // Cancelled while waiting to try again: the step ends here (its attempt is settled).
            fail(state, ctx, cancelled(failed.withoutCalls()), false);
            return;
          }
        }
      }
    }
  }

  private void restart(
      RunState state,
      Lease lease,
      NodeSpec node,
      UUID stepId,
      int attempt,
      int superstep,
      JsonNode input) {
    state.observed(transitions.restart(lease, node, stepId, attempt, superstep, input));
    state.restarted(stepId, attempt, superstep);
  }

  private void fail(RunState state, NodeContext ctx, Outcome.Failed failure, boolean willRetry) {
    var written = transitions.fail(ctx.lease(), ctx, failure, willRetry);
    state.observed(written.version());
    if (!willRetry) {
      state.ended(ctx.stepId(), StepStatus.FAILED, written.error());
    }
  }

  /**
   * Records a completed attempt, or says why it could not be: a result the database refuses to hold
   * (PostgreSQL's jsonb takes no NUL character, for one) would otherwise throw on every attempt of
   * every instance that claims the execution. The last node of the superstep to finish also starts
   * the next superstep's nodes in the same commit.
   */
  private Optional<Outcome.Failed> complete(
      Lease lease,
      Plan plan,
      RunState state,
      Superstep superstep,
      NodeContext ctx,
      Outcome.Completed done,
      Instant started) {
    String nodeId = ctx.node().id();
    List<String> taken;
    try {
      taken = plan.takenEdges(nodeId, ctx.input(), () -> state.celSteps(nodeId, done.output()));
    } catch (UndecidableEdgeException e) {
      return Optional.of(
          new Outcome.Failed(
              "validation_failed", e.getMessage(), false, done.calls(), done.prompt()));
    }
    JsonNode output = done.output() == null ? NullNode.instance : done.output();
    // Held through the commit, so that a sibling finishing meanwhile waits to count itself out.
    synchronized (superstep) {
      List<StepTransitions.NextStart> next =
          superstep.lastRunning(nodeId)
              ? next(plan, state, nodeId, ctx.stepId(), output, taken)
              : List.of();
      StepTransitions.Completion completion;
      try {
        completion = transitions.complete(lease, ctx, done, taken, started, state.version(), next);
      } catch (DataIntegrityViolationException e) {
        // The streamed tail is most likely the same text the database refused in the output: it
        // would make the failure's own commit fail too.
        ctx.events().discardHeld();
        return Optional.of(InternalFailure.unstorable(ctx, e, done.calls()));
      }
      state.observed(completion.version());
      state.completed(ctx.stepId(), output, taken);
      completion.started().forEach(step -> state.started(step, true));
      superstep.finished(nodeId);
      return Optional.empty();
    }
  }

  /**
   * The next superstep's nodes, when this completion ends the superstep and what comes next is
   * plain new runs: none when the run ends, fails, waits, skips nodes, reaches its step limit, or
   * runs a node again (the runner's loop handles those with the committed state in hand).
   */
  private List<StepTransitions.NextStart> next(
      Plan plan, RunState state, String nodeId, UUID stepId, JsonNode output, List<String> taken) {
    if (state.stale() || state.execution().cancelRequested()) {
      return List.of();
    }
    List<StepRecord> steps = new java.util.ArrayList<>();
    for (StepRecord step : state.steps()) {
      steps.add(
          step.id().equals(stepId)
              ? new StepRecord(
                  step.id(),
                  step.nodeId(),
                  step.run(),
                  StepStatus.COMPLETED,
                  step.attempt(),
                  step.superstep(),
                  output,
                  step.error(),
                  taken)
              : step);
    }
    Frontier frontier = Frontier.compute(plan.graph(), steps);
    if (frontier.failed().isPresent()
        || frontier.rejected().isPresent()
        || !frontier.unreachable().isEmpty()
        || frontier.ready().isEmpty()
        || frontier.ready().stream().anyMatch(state::inProgress)
        || state.nodeRuns() + frontier.ready().size() > plan.graph().maxSteps()) {
      return List.of();
    }
    Map<String, JsonNode> outputs = new HashMap<>(state.view().outputs());
    outputs.put(nodeId, output);
    int number = state.lastSuperstep() + 1;
    return frontier.ready().stream()
        .map(
            id -> {
              NodeSpec node = plan.graph().node(id).orElseThrow();
              StepRecord last = state.latest(id);
              return new StepTransitions.NextStart(
                  node,
                  last == null ? 1 : last.run() + 1,
                  number,
                  StepInput.of(state.execution().input(), outputs, node, plan.ancestors(id)));
            })
        .toList();
  }

  private Attempts attempts(
      Lease lease, Plan plan, RunState.View view, NodeSpec node, UUID stepId, int run) {
    Map<String, String> labels = new HashMap<>();
    plan.graph().nodes().forEach(n -> labels.put(n.id(), n.label()));
    return new Attempts(
        lease,
        view,
        plan.graph().onBudget(),
        node,
        stepId,
        run,
        Map.copyOf(labels),
        plan.ancestors(node.id()),
        new StepEvents(lease, eventLog, steps, transactions));
  }

  /** What every attempt of one step run shares; each attempt adds its number and its control. */
  private record Attempts(
      Lease lease,
      RunState.View snapshot,
      OnBudget onBudget,
      NodeSpec node,
      UUID stepId,
      int run,
      Map<String, String> labels,
      Set<String> upstream,
      StepEvents events) {

    NodeContext context(int attempt, CallControl control) {
      return new NodeContext(
          lease,
          lease.executionId(),
          lease.workspaceId(),
          snapshot.execution().input(),
          node,
          stepId,
          run,
          attempt,
          snapshot.outputs(),
          labels,
          upstream,
          control == null ? new CallControl() : control,
          node.timeout().orElse(null),
          events,
          snapshot.execution().secretsAsOf(),
          snapshot.execution().budget(),
          onBudget);
    }
  }

  /** Runs the attempt, cancelling its calls when the node's timeout passes. */
  private Outcome withTimeout(NodeContext ctx, CallControl control) {
    if (ctx.timeout() == null || ctx.node() instanceof HumanGateNode) {
      return handlers.run(ctx);
    }
    var done = new CountDownLatch(1);
    var timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!done.await(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                  timedOut.set(true);
                  control.cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      Outcome outcome = handlers.run(ctx);
      if (timedOut.get() && outcome instanceof Outcome.Failed failed) {
        return failed.as(
            "timeout", "The step took longer than its timeout of " + ctx.timeout() + ".", true);
      }
      return outcome;
    } finally {
      done.countDown();
    }
  }

  private static Outcome.Failed cancelled(Outcome.Failed failed) {
    return failed.as("cancelled", "The execution was cancelled.", false);
  }
}
