package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate credits}: the balance and the latest ledger entries. */
@Command(name = "credits")
final class CreditsCommand extends Action {

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10", descriptionKey = "option.limit")
  int limit;

  @Override
  int run(Context context) {
    JsonNode credits =
        context.api().get("/api/workspaces/" + context.workspace().id() + "/credits");
    if (context.output().json()) {
      context.output().json(context.json(), credits);
      return ExitCodes.OK;
    }
    var m = context.messages();
    var out = context.output();
    out.line(
        m.get(
            "credits.balance",
            Formats.won(credits.path("balance").decimalValue()),
            Formats.won(credits.path("available").decimalValue()),
            Formats.won(credits.path("reserved").decimalValue())));
    var table =
        new Table(
            m.get("col.when"), m.get("col.type"), m.get("col.amount"), m.get("col.description"));
    int shown = 0;
    for (JsonNode t : credits.path("transactions")) {
      if (shown++ == limit) {
        break;
      }
      table.row(
          Times.local(t.path("created_at").asString("")),
          t.path("type").asString(),
          Formats.won(t.path("amount").decimalValue()),
          t.path("description").asString(""));
    }
    if (!table.isEmpty()) {
      out.line("");
      table.print(out);
    }
    return ExitCodes.OK;
  }
}
