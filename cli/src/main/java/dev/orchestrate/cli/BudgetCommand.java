package dev.orchestrate.cli;

import dev.orchestrate.cli.live.Event;
import dev.orchestrate.cli.text.Formats;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code orchestrate budget <execution> <amount>}: raises the budget of a run that waits for a
 * larger one, so it goes on from the step that waited. The service decides whether it may (owner or
 * admin, a run that waits for a budget, more than it spent); when it refuses, its answer is shown
 * as any refusal is, followed by what this run's state says about why.
 */
@Command(name = "budget")
final class BudgetCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Parameters(index = "1", paramLabel = "CREDITS", descriptionKey = "param.amount")
  String amount;

  @Override
  int run(Context context) {
    var m = context.messages();
    BigDecimal budget = Amounts.parse(amount, m);
    JsonNode before = Executions.get(context, execution);
    JsonNode after;
    try {
      after =
          context
              .api()
              .post("/orchestrate/executions/" + execution + "/budget", Map.of("budget", budget));
    } catch (CliException refused) {
      throw explained(context, refused, before, budget);
    }
    if (context.output().json()) {
      context.output().json(context.json(), after);
      return ExitCodes.OK;
    }
    String from =
        before.hasNonNull("budget") ? Formats.won(before.get("budget").decimalValue()) : "-";
    context
        .output()
        .line(
            m.get(
                "budget.done",
                from,
                Formats.won(after.path("budget").decimalValue()),
                Formats.won(after.path("spent").decimalValue()),
                execution));
    context.output().line("   " + m.get("live.hint.watch", execution));
    return ExitCodes.OK;
  }

  /**
   * The service's refusal, with a line on this run: who may raise a budget (403), what the run
   * waits for instead (409), or what it has already spent (422).
   */
  private CliException explained(
      Context context, CliException refused, JsonNode before, BigDecimal budget) {
    JsonNode problem = refused.problem();
    if (problem == null || refused.exitCode() != ExitCodes.REFUSED) {
      return refused;
    }
    var m = context.messages();
    List<String> lines = new ArrayList<>(refused.lines());
    Event.ApprovalRequired waiting = null;
    for (JsonNode pending : before.path("pending_approvals")) {
      waiting = waiting == null ? Event.ApprovalRequired.of(0, pending) : waiting;
    }
    BigDecimal spent = before.path("spent").decimalValue();
    switch (problem.path("status").asInt(0)) {
      case 403 -> {
        List<String> approvers =
            waiting != null && waiting.isBudget() ? waiting.approvers() : List.of("owner", "admin");
        lines.add(
            m.get(
                "budget.forbidden",
                String.join(m.get("view.or"), approvers),
                roleOf(context, before)));
      }
      case 409 -> {
        String status = before.path("status").asString("");
        if (waiting != null && !waiting.isBudget()) {
          lines.add(m.get("budget.waits_for_gate", waiting.label()));
          lines.add(m.get("view.gate.approve", execution, waiting.nodeId()));
        } else {
          lines.add(m.get("budget.not_waiting", Statuses.describe(status, m)));
        }
      }
      case 422 -> {
        if (budget.compareTo(spent) <= 0) {
          String enough =
              waiting != null && waiting.isBudget()
                  ? Formats.won(waiting.shortfall().enough())
                  : Formats.won(spent);
          lines.add(m.get("budget.too_small", Formats.won(spent), enough));
        }
      }
      default -> {}
    }
    return new CliException(refused.exitCode(), refused.code(), lines, problem);
  }

  private static String roleOf(Context context, JsonNode execution) {
    try {
      String role = context.roleIn(execution.path("workspace_id").asString());
      return role == null ? "?" : role;
    } catch (CliException e) {
      return "?";
    }
  }
}
