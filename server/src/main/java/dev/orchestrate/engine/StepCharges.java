package dev.orchestrate.engine;

import dev.orchestrate.agent.AgentRunner;
import dev.orchestrate.agent.PaidCall;
import dev.orchestrate.billing.Credits;
import dev.orchestrate.billing.Reference;
import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an attempt's model calls cost, settled in the transaction of {@link StepTransitions} that
 * records the attempt's outcome (so a completed step is charged exactly once), and the run's
 * spending and budget share updated with it.
 */
@Component
class StepCharges {

  /** An attempt's settled calls and their totals. */
  record Charges(
      BigDecimal cost, long inputTokens, long outputTokens, List<Credits.Settlement> settled) {}

  private final StepRepository steps;
  private final ExecutionRepository executions;
  private final RunBudgets budgets;
  private final AgentRunner agents;
  private final JsonMapper json;

  StepCharges(
      StepRepository steps,
      ExecutionRepository executions,
      RunBudgets budgets,
      AgentRunner agents,
      JsonMapper json) {
    this.steps = steps;
    this.executions = executions;
    this.budgets = budgets;
    this.agents = agents;
    this.json = json;
  }

  /** Settles every paid call of the attempt in this transaction: each charge exactly once. */
  Charges settle(Lease lease, NodeContext ctx, List<PaidCall> calls) {
    if (!calls.isEmpty() && !executions.lockHeld(lease)) {
      // The execution's row before the credit account, as every other transaction takes them (a
      // run budget's reserve, the heartbeat, a recovered step's release): settling first would
      // hold the account while waiting for the row, and deadlock with one of those.
      throw new LeaseLostException(lease);
    }
    BigDecimal cost = BigDecimal.ZERO;
    long in = 0;
    long out = 0;
    List<Credits.Settlement> settled = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      PaidCall call = calls.get(i);
      var reference =
          new Reference("pipeline_execution", lease.executionId().toString(), ctx.node().label());
      var settlement =
          agents.settle(
              call,
              reference,
              ctx.chargeKey("call", i)
                  + ":"
                  + (call.reservation() == null ? "free" : call.reservation().id()));
      settled.add(settlement);
      cost = cost.add(settlement.charged());
      var usage = call.usage();
      long callIn = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
      in += callIn;
      out += usage.outputTokens();
      steps.appendModelCall(
          ctx.stepId(), modelCall(ctx, call, callIn, usage.outputTokens(), settlement.charged()));
    }
    return new Charges(cost, in, out, settled);
  }

  /**
   * Adds the attempt's cost to the run's spending and gives back its share of the budget, in the
   * transaction that settled its calls (both skipped when there is nothing to add or give back);
   * answers a {@code credits_charged} event per charged call.
   */
  List<EngineEvent> recordSpending(Lease lease, NodeContext ctx, Charges charges) {
    budgets.releaseIfHeld(ctx.stepId());
    List<Credits.Settlement> paid =
        charges.settled().stream().filter(s -> s.charged().signum() > 0).toList();
    if (charges.cost().signum() == 0
        && charges.inputTokens() == 0
        && charges.outputTokens() == 0
        && paid.isEmpty()) {
      return List.of();
    }
    var spending =
        executions.addUsage(lease, charges.cost(), charges.inputTokens(), charges.outputTokens());
    return chargedEvents(ctx, paid, spending.spent(), spending.budget());
  }

  /**
   * A {@code credits_charged} event per charged call, each with what the run had spent once that
   * call was paid, so a monitor can show a live meter; {@code spentAfter} is the run's spending
   * with all of them.
   */
  List<EngineEvent> chargedEvents(
      NodeContext ctx, List<Credits.Settlement> paid, BigDecimal spentAfter, BigDecimal budget) {
    BigDecimal spent = spentAfter;
    for (Credits.Settlement settlement : paid) {
      spent = spent.subtract(settlement.charged());
    }
    List<EngineEvent> emitted = new ArrayList<>();
    for (Credits.Settlement settlement : paid) {
      spent = spent.add(settlement.charged());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("node_id", ctx.node().id());
      fields.put("amount", Money.normalize(settlement.charged()));
      fields.put("balance", Money.normalize(settlement.balance()));
      fields.put("spent", Money.normalize(spent));
      fields.put("budget", budget == null ? null : Money.normalize(budget));
      emitted.add(new EngineEvent("credits_charged", fields));
    }
    return emitted;
  }

  /** The step's record of one model call, which says whether it was simulated. */
  private String modelCall(
      NodeContext ctx, PaidCall call, long inputTokens, long outputTokens, BigDecimal charged) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("agent_slug", call.agent().slug());
    record.put("provider", call.agent().modelProvider().value());
    record.put("model", call.model());
    record.put("simulated", call.simulated());
    record.put("status", call.response() != null ? "completed" : "failed");
    record.put("attempt", ctx.attempt());
    record.put("input_tokens", inputTokens);
    record.put("output_tokens", outputTokens);
    record.put("cost", Money.normalize(charged));
    return json.writeValueAsString(record);
  }
}
