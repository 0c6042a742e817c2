package dev.orchestrate.cli;

import tools.jackson.databind.JsonNode;

/** Reading one execution, with a message that names the id when there is no such execution. */
final class Executions {

  private Executions() {}

  static JsonNode get(Context context, String id) {
    if (!Context.isUuid(id)) {
      throw unknown(context, id);
    }
    try {
      return context.api().get("/orchestrate/executions/" + id);
    } catch (CliException e) {
      if (e.exitCode() == ExitCodes.NOT_FOUND) {
        throw unknown(context, id);
      }
      throw e;
    }
  }

  static CliException unknown(Context context, String id) {
    return new CliException(
        ExitCodes.NOT_FOUND,
        "unknown_execution",
        context.messages().get("error.unknown_execution", id),
        context.messages().get("error.list_executions"));
  }
}
