package dev.orchestrate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code approve} and {@code reject}: decides a waiting human gate. The node may be left out when
 * exactly one gate of the execution waits.
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
    context.output().line(m.get("decision." + decision(), label, execution));
    context.output().line("   " + m.get("live.hint.watch", execution));
    return ExitCodes.OK;
  }

  private String onlyWaitingGate(Context context, JsonNode view) {
    var m = context.messages();
    List<String> waiting = new ArrayList<>();
    view.path("pending_approvals").forEach(p -> waiting.add(p.path("node_id").asString()));
    if (waiting.size() == 1) {
      return waiting.get(0);
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
}
