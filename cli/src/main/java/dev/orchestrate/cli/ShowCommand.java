package dev.orchestrate.cli;

import dev.orchestrate.cli.live.Event;
import dev.orchestrate.cli.live.NodeLine;
import dev.orchestrate.cli.live.RunState;
import dev.orchestrate.cli.live.ViewText;
import dev.orchestrate.cli.text.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/** {@code orchestrate show <execution>}: an execution as it is now, with its output. */
@Command(name = "show")
final class ShowCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Override
  int run(Context context) {
    JsonNode view = Executions.get(context, execution);
    String status = view.path("status").asString("");
    if (context.output().json()) {
      context.output().json(context.json(), view);
      return Statuses.isFinal(status) ? ExitCodes.ofStatus(status) : ExitCodes.OK;
    }
    var m = context.messages();
    var out = context.output();
    var text = new ViewText(m);
    RunState state = RunState.snapshot(view);
    out.line(m.get("show.header", view.path("id").asString(), Statuses.describe(view, m)));
    for (NodeLine node : state.nodes()) {
      out.line(text.node(node));
    }
    for (JsonNode gate : view.path("pending_approvals")) {
      text.gate(
              Event.ApprovalRequired.of(0, gate),
              view.path("id").asString(),
              context.roleIn(view.path("workspace_id").asString()),
              false)
          .forEach(out::line);
    }
    long elapsed = view.hasNonNull("duration_ms") ? view.get("duration_ms").asLong() : 0;
    out.line(text.summary(state.cost(), elapsed));
    if (view.hasNonNull("budget")) {
      out.line(
          m.get(
              "show.budget",
              Formats.won(view.path("spent").decimalValue()),
              Formats.won(view.get("budget").decimalValue())));
    }
    JsonNode output = view.path("output");
    if (!output.isMissingNode() && !output.isNull()) {
      out.line("");
      out.line(m.get("show.output"));
      out.line(
          context
              .json()
              .writer()
              .with(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(output));
    }
    return Statuses.isFinal(status) ? ExitCodes.ofStatus(status) : ExitCodes.OK;
  }
}
