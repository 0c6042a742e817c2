package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Formats;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate executions}: the workspace's executions, newest first. */
@Command(name = "executions", sortOptions = false)
final class ExecutionsCommand extends Action {

  @Option(names = "--status", paramLabel = "STATUS", descriptionKey = "option.status")
  String status;

  @Option(names = "--pipeline", paramLabel = "SLUG", descriptionKey = "option.pipeline")
  String pipeline;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", descriptionKey = "option.limit")
  int limit;

  @Override
  int run(Context context) {
    JsonNode pipelines = Pipelines.list(context);
    StringBuilder path =
        new StringBuilder(
            "/api/workspaces/" + context.workspace().id() + "/executions?limit=" + limit);
    if (status != null) {
      path.append("&status=").append(URLEncoder.encode(status, StandardCharsets.UTF_8));
    }
    if (pipeline != null) {
      path.append("&pipeline_id=").append(Pipelines.find(context, pipeline).path("id").asString());
    }
    JsonNode executions = context.api().get(path.toString());
    if (context.output().json()) {
      context.output().json(context.json(), executions);
      return ExitCodes.OK;
    }
    var m = context.messages();
    var table =
        new Table(
            m.get("col.id"),
            m.get("col.pipeline"),
            m.get("col.status"),
            m.get("col.cost"),
            m.get("col.duration"),
            m.get("col.created"));
    for (JsonNode e : executions) {
      table.row(
          e.path("id").asString(),
          Pipelines.slugOf(pipelines, e.path("pipeline_id").asString()),
          Statuses.describe(e.path("status").asString(), m),
          Formats.won(e.path("total_cost").decimalValue()),
          e.hasNonNull("duration_ms") ? Formats.duration(e.get("duration_ms").asLong()) : "",
          Times.local(e.path("created_at").asString("")));
    }
    if (table.isEmpty()) {
      context.output().line(m.get("executions.none"));
    } else {
      table.print(context.output());
    }
    return ExitCodes.OK;
  }
}
