package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate pipelines}: the workspace's pipelines. */
@Command(name = "pipelines")
final class PipelinesCommand extends Action {

  @Override
  int run(Context context) {
    JsonNode pipelines = Pipelines.list(context);
    if (context.output().json()) {
      context.output().json(context.json(), pipelines);
      return ExitCodes.OK;
    }
    var m = context.messages();
    var table =
        new Table(m.get("col.slug"), m.get("col.name"), m.get("col.version"), m.get("col.nodes"));
    for (JsonNode p : pipelines) {
      table.row(
          p.path("slug").asString(),
          p.path("name").asString(),
          "v" + p.path("version").asInt(),
          Integer.toString(p.path("graph_definition").path("nodes").size()));
    }
    table.print(context.output());
    context.output().line("");
    context.output().line(m.get("pipelines.hint"));
    return ExitCodes.OK;
  }
}
