package dev.orchestrate.engine;

import dev.orchestrate.billing.Credits;
import dev.orchestrate.common.Money;
import dev.orchestrate.pipeline.graph.NodeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One transaction per step transition: the step row, its events, its charges and the execution's
 * totals commit together, guarded by the lease (the first write, the event seqs, checks it).
 */
@Component
class StepTransitions {

  private final StepRepository steps;
  private final StepCompletions completions;
  private final StepCharges charging;
  private final EventLog events;
  private final RunBudgets budgets;
  private final JsonMapper json;

  StepTransitions(
      StepRepository steps,
      StepCompletions completions,
      StepCharges charging,
      EventLog events,
      RunBudgets budgets,
      JsonMapper json) {
    this.steps = steps;
    this.completions = completions;
    this.charging = charging;
    this.events = events;
    this.budgets = budgets;
    this.json = json;
  }

  /** A node's new run begins; {@code input} is what it reads ({@link StepInput}). */
  @Transactional
  Written start(Lease lease, NodeSpec node, int run, int superstep, JsonNode input) {
    long version = events.append(lease, List.of(stepStart(node, 1)), 1);
    return new Written(
        steps.start(lease, node.id(), run, node.label(), node.type(), superstep, 1, input),
        version);
  }

  /**
   * A run begins again: a retry, a step whose budget was raised, or the work of an instance that
   * died (whose share of the budget, never settled, is given back here).
   */
  @Transactional
  long restart(
      Lease lease, NodeSpec node, UUID stepId, int attempt, int superstep, JsonNode input) {
    long version = events.append(lease, List.of(stepStart(node, attempt)));
    budgets.release(stepId);
    steps.restart(stepId, attempt, superstep, input);
    return version;
  }

  /**
   * The step completed: its row, its charges, its events, the run's totals and, when {@code next}
   * is not empty, the start of the next superstep's nodes, in one commit. The starts are written
   * only while the execution's version is still {@code knownVersion} (nobody decided, cancelled or
   * retried meanwhile), decided by the same fenced statement that takes the event seqs.
   */
  @Transactional
  Completion complete(
      Lease lease,
      NodeContext ctx,
      Outcome.Completed outcome,
      List<String> taken,
      Instant started,
      long knownVersion,
      List<NextStart> next) {
    List<EngineEvent> streamed = held(ctx);
    StepCharges.Charges charges = charging.settle(lease, ctx, outcome.calls());
    List<Credits.Settlement> paid =
        charges.settled().stream().filter(s -> s.charged().signum() > 0).toList();
    if (paid.isEmpty() && !budgets.holds(ctx.stepId())) {
      // Nothing in this commit depends on the run's totals (no charge event, no budget share to
      // give back first): the seqs are taken in the statement that writes everything else.
      List<EngineEvent> emitted = new ArrayList<>(streamed);
      emitted.add(stepComplete(ctx, started, charges));
      next.forEach(n -> emitted.add(stepStart(n.node(), 1)));
      EventLog.Unnumbered unnumbered = events.unnumbered(lease.executionId(), emitted);
      var done =
          completions.completeAtOnce(
              lease, unnumbered, knownVersion, completed(ctx, outcome, charges, taken), next);
      if (done.isPresent()) {
        long firstSeq = done.get().lastSeq() - emitted.size() + 1;
        events.written(
            lease.executionId(),
            lease.workspaceId(),
            firstSeq,
            done.get().lastSeq(),
            unnumbered.committed(firstSeq));
        return new Completion(done.get().version(), done.get().started());
      }
      // The lease or the version did not hold, and nothing was written: the path below tells which.
    }
    var appended =
        events.appendStep(
            lease,
            streamed.size() + paid.size() + 1,
            next.size(),
            knownVersion,
            charges.cost(),
            charges.inputTokens(),
            charges.outputTokens());
    boolean carried = !next.isEmpty() && appended.version() == knownVersion;
    List<EngineEvent> emitted = new ArrayList<>(streamed);
    emitted.addAll(charging.chargedEvents(ctx, paid, appended.spent(), appended.budget()));
    emitted.add(stepComplete(ctx, started, charges));
    if (carried) {
      next.forEach(n -> emitted.add(stepStart(n.node(), 1)));
    }
    long firstSeq = appended.lastSeq() - emitted.size() + 1;
    budgets.releaseIfHeld(ctx.stepId());
    EventLog.Statement insert =
        events.insertStatement(lease.executionId(), lease.workspaceId(), firstSeq, emitted);
    List<StepRecord> begun =
        completions.completeAndStart(
            insert, completed(ctx, outcome, charges, taken), lease, carried ? next : List.of());
    events.written(
        lease.executionId(), lease.workspaceId(), firstSeq, appended.lastSeq(), insert.events());
    return new Completion(appended.version(), begun);
  }

  private static StepCompletions.CompletedStep completed(
      NodeContext ctx, Outcome.Completed outcome, StepCharges.Charges charges, List<String> taken) {
    return new StepCompletions.CompletedStep(
        ctx.stepId(),
        outcome.output(),
        outcome.prompt(),
        charges.cost(),
        charges.inputTokens(),
        charges.outputTokens(),
        taken);
  }

  /** An attempt failed; with {@code willRetry} the step stays running for the next attempt. */
  @Transactional
  Failure fail(Lease lease, NodeContext ctx, Outcome.Failed failure, boolean willRetry) {
    List<EngineEvent> emitted = new ArrayList<>(held(ctx));
    StepCharges.Charges charges = charging.settle(lease, ctx, failure.calls());
    if (!willRetry) {
      // A step that ends gives its share back whoever set it aside: one failed as interrupted holds
      // the share of a dead attempt, which no runner of this process remembers holding.
      budgets.release(ctx.stepId());
    }
    emitted.addAll(charging.recordSpending(lease, ctx, charges));
    emitted.add(
        EngineEvent.of(
            "step_failed",
            "node_id",
            ctx.node().id(),
            "label",
            ctx.node().label(),
            "attempt",
            ctx.attempt(),
            "error",
            Map.of("code", failure.code(), "message", failure.message()),
            "will_retry",
            willRetry));
    long version = events.append(lease, emitted);
    if (willRetry) {
      if (failure.prompt() != null
          || charges.cost().signum() != 0
          || !charges.settled().isEmpty()) {
        steps.addUsage(
            ctx.stepId(),
            failure.prompt(),
            charges.cost(),
            charges.inputTokens(),
            charges.outputTokens());
      }
      return new Failure(version, null);
    }
    JsonNode error = error(ctx.node().id(), failure);
    steps.fail(
        ctx.stepId(),
        error,
        failure.prompt(),
        charges.cost(),
        charges.inputTokens(),
        charges.outputTokens());
    return new Failure(version, error);
  }

  @Transactional
  long await(Lease lease, NodeContext ctx, Outcome.Waiting waiting) {
    long version =
        events.append(
            lease,
            List.of(
                EngineEvent.of(
                    "approval_required",
                    "node_id",
                    ctx.node().id(),
                    "label",
                    ctx.node().label(),
                    "message",
                    waiting.message(),
                    "approvers",
                    waiting.approvers())));
    steps.await(ctx.stepId(), waiting.deadline());
    return version;
  }

  /**
   * The step's calls would cost more than is left of the run's budget: it waits, without having
   * started them, for an owner or admin to raise the budget (or to reject).
   */
  @Transactional
  long awaitBudget(Lease lease, NodeContext ctx, Outcome.OverBudget over) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("node_id", ctx.node().id());
    fields.put("label", ctx.node().label());
    fields.put("kind", "budget");
    fields.put("message", over.message());
    fields.put("approvers", BudgetDecisions.APPROVERS);
    fields.put("spent", Money.normalize(over.spent()));
    fields.put("budget", Money.normalize(over.budget()));
    fields.put("needed", Money.normalize(over.needed()));
    long version = events.append(lease, List.of(new EngineEvent("approval_required", fields)));
    steps.awaitBudget(ctx.stepId(), over.needed());
    return version;
  }

  @Transactional
  Skipped markSkipped(Lease lease, List<NodeSpec> nodes, int superstep) {
    long version =
        events.append(
            lease,
            nodes.stream()
                .map(n -> EngineEvent.of("step_skipped", "node_id", n.id(), "label", n.label()))
                .toList());
    List<StepRecord> rows =
        nodes.stream()
            .map(
                n ->
                    new StepRecord(
                        steps.markSkipped(lease, n.id(), n.label(), n.type(), superstep),
                        n.id(),
                        1,
                        StepStatus.SKIPPED,
                        0,
                        superstep,
                        null,
                        null,
                        List.of()))
            .toList();
    return new Skipped(version, rows);
  }

  JsonNode error(String nodeId, Outcome.Failed failure) {
    var error = json.createObjectNode();
    error.put("code", failure.code());
    error.put("message", failure.message());
    error.put("node_id", nodeId);
    return error;
  }

  /** The attempt's last streamed text, written in this transaction; none for a node trial. */
  private static List<EngineEvent> held(NodeContext ctx) {
    return ctx.events() == null ? List.of() : ctx.events().takeHeld();
  }

  private static EngineEvent stepComplete(
      NodeContext ctx, Instant started, StepCharges.Charges charges) {
    return EngineEvent.of(
        "step_complete",
        "node_id",
        ctx.node().id(),
        "label",
        ctx.node().label(),
        "duration_ms",
        Duration.between(started, Instant.now()).toMillis(),
        "cost",
        Money.normalize(charges.cost()),
        "input_tokens",
        charges.inputTokens(),
        "output_tokens",
        charges.outputTokens());
  }

  private static EngineEvent stepStart(NodeSpec node, int attempt) {
    return EngineEvent.of(
        "step_start", "node_id", node.id(), "label", node.label(), "attempt", attempt);
  }

  /** A new step row, and the execution's version as the write found it. */
  record Written(UUID stepId, long version) {}

  /** A failed attempt's write; {@code error} is the step's error when it failed for good. */
  record Failure(long version, JsonNode error) {}

  /** Skipped nodes' rows as written. */
  record Skipped(long version, List<StepRecord> rows) {}

  /**
   * A completion's write: {@code started} holds the next superstep's rows it started, empty when it
   * carried none (none asked, or the version had changed).
   */
  record Completion(long version, List<StepRecord> started) {}

  /**
   * A node of the next superstep that a completion starts: its first attempt of run {@code run}.
   */
  record NextStart(NodeSpec node, int run, int superstep, JsonNode input) {}
}
