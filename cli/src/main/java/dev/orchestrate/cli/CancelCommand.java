package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate cancel <execution>}: asks the service to stop an execution. */
@Command(name = "cancel")
final class CancelCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Override
  int run(Context context) {
    Executions.get(context, execution);
    JsonNode after = context.api().post("/orchestrate/executions/" + execution + "/cancel", null);
    if (context.output().json()) {
      context.output().json(context.json(), after);
    } else {
      context.output().line(context.messages().get("cancel.done", execution));
      context.output().line("   " + context.messages().get("live.hint.watch", execution));
    }
    return ExitCodes.OK;
  }
}
