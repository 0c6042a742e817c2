package dev.orchestrate.cli;

import dev.orchestrate.cli.live.Event;
import dev.orchestrate.cli.text.Formats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code approve} and {@code reject}: decides a waiting human gate. The node may be left out when
 * exactly one gate of the execution waits. A run waiting for a larger budget can be rejected (it
 * ends there) but not approved: that takes {@code orchestrate budget}, which this says rather than
 * send what the service would refuse.
 */
abstract class DecisionCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", descriptionKey = "param.node")
  String node;

  @Option(
      names = {"-m", "--comment"},
      paramLabel = "TEXT",
      descriptionKey = "option.comment")
  String comment;

  /** {@code approve} or {@code reject}, as the endpoint is named. */
  abstract String decision();

  @Override
  int run(Context context) {
    var m = context.messages();
    JsonNode view = Executions.get(context, execution);
    String gate = node != null ? node : onlyWaitingGate(context, view);
    Event.ApprovalRequired waiting = pending(view, gate);
    boolean budget = waiting != null && waiting.isBudget();
    if (budget && "approve".equals(decision())) {
      throw budgetNotApprovable(context, waiting);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node_id", gate);
    if (comment != null) {
      body.put("comment", comment);
    }
    JsonNode after =
        context.api().post("/orchestrate/executions/" + execution + "/" + decision(), body);
    if (context.output().json()) {
      context.output().json(context.json(), after);
      return ExitCodes.OK;
    }
    String label = gate;
    for (JsonNode step : after.path("steps")) {
      if (gate.equals(step.path("node_id").asString())) {
        label = step.path("label").asString(gate);
      }
    }
    String done = budget ? "decision.reject_budget" : "decision." + decision();
    context.output().line(m.get(done, label, execution));
    context.output().line("   " + m.get("live.hint.watch", execution));
    return ExitCodes.OK;
  }

  /** The approval {@code nodeId} waits for, or null when it waits for none. */
  private static Event.ApprovalRequired pending(JsonNode view, String nodeId) {
    for (JsonNode pending : view.path("pending_approvals")) {
      if (nodeId.equals(pending.path("node_id").asString())) {
        return Event.ApprovalRequired.of(0, pending);
      }
    }
    return null;
  }

  /**
   * The one approval this command can decide when no node is named: for {@code approve} a gate (a
   * budget approval alone is answered with how to raise the budget), for {@code reject} either.
   */
  private String onlyWaitingGate(Context context, JsonNode view) {
    var m = context.messages();
    List<String> waiting = new ArrayList<>();
    Event.ApprovalRequired budget = null;
    for (JsonNode pending : view.path("pending_approvals")) {
      var approval = Event.ApprovalRequired.of(0, pending);
      if (approval.isBudget() && "approve".equals(decision())) {
        budget = budget == null ? approval : budget;
      } else {
        waiting.add(approval.nodeId());
      }
    }
    if (waiting.size() == 1) {
      return waiting.get(0);
    }
    if (waiting.isEmpty() && budget != null) {
      throw budgetNotApprovable(context, budget);
    }
    if (waiting.isEmpty()) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          "no_waiting_gate",
          m.get(
              "error.no_waiting_gate",
              execution,
              Statuses.describe(view.path("status").asString(""), m)));
    }
    throw new CliException(
        ExitCodes.USAGE, "which_gate", m.get("error.which_gate", String.join(", ", waiting)));
  }

  /** What the service would answer with a 409, said with the two commands that do apply. */
  private CliException budgetNotApprovable(Context context, Event.ApprovalRequired budget) {
    var m = context.messages();
    var shortfall = budget.shortfall();
    return new CliException(
        ExitCodes.REFUSED,
        "budget_approval",
        m.get(
            "error.approve_budget",
            budget.label(),
            Formats.won(shortfall.spent()),
            Formats.won(shortfall.budget()),
            Formats.won(shortfall.needed())),
        m.get("view.budget.raise", execution, Formats.won(shortfall.enough())),
        m.get("view.budget.stop", execution, budget.nodeId()));
  }
}
