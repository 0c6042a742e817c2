package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Formats;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate agents}: the workspace's agents. */
@Command(name = "agents")
final class AgentsCommand extends Action {

  @Override
  int run(Context context) {
    JsonNode agents = context.api().get("/api/workspaces/" + context.workspace().id() + "/agents");
    if (context.output().json()) {
      context.output().json(context.json(), agents);
      return ExitCodes.OK;
    }
    var m = context.messages();
    var table =
        new Table(
            m.get("col.slug"), m.get("col.name"), m.get("col.model"), m.get("col.cost_per_run"));
    for (JsonNode a : agents) {
      table.row(
          a.path("slug").asString(),
          a.path("name").asString(),
          a.path("model_provider").asString() + "/" + a.path("model").asString(),
          Formats.won(a.path("cost_per_run").decimalValue()));
    }
    table.print(context.output());
    return ExitCodes.OK;
  }
}
