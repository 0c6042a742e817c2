package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate admin vault status}: the master key versions and what each still wraps. */
@Command(name = "status")
final class VaultStatusCommand extends Action {

  static final String PATH = "/api/admin/vault";

  @Override
  int run(Context context) {
    JsonNode status = context.api().get(PATH);
    if (context.output().json()) {
      context.output().json(context.json(), status);
      return ExitCodes.OK;
    }
    var m = context.messages();
    var out = context.output();
    JsonNode newest = status.path("newest");
    out.line(
        newest.isNumber() ? m.get("vault.newest", newest.asInt()) : m.get("vault.unavailable"));
    var table =
        new Table(
            m.get("col.version"),
            m.get("col.fingerprint"),
            m.get("col.recorded"),
            m.get("col.retired"),
            m.get("col.data_keys"),
            m.get("col.held"));
    for (JsonNode v : status.path("master_key_versions")) {
      table.row(
          "v" + v.path("version").asInt(),
          v.path("fingerprint").asString("").substring(0, 16) + "…",
          Times.local(v.path("created_at").asString("")),
          v.path("retired_at").isNull() ? "-" : Times.local(v.path("retired_at").asString("")),
          Long.toString(v.path("data_keys").asLong()),
          m.get(v.path("held").asBoolean() ? "vault.yes" : "vault.no"));
    }
    if (table.isEmpty()) {
      out.line(m.get("vault.none"));
    } else {
      out.line("");
      table.print(out);
    }
    return ExitCodes.OK;
  }
}
