package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code orchestrate admin vault rewrap}: moves every data key to the server's newest master key
 * version (no secret value is decrypted), so older versions can be retired.
 */
@Command(name = "rewrap")
final class VaultRewrapCommand extends Action {

  @Override
  int run(Context context) {
    JsonNode done = context.api().post(VaultStatusCommand.PATH + "/rewrap", null);
    if (context.output().json()) {
      context.output().json(context.json(), done);
      return ExitCodes.OK;
    }
    var m = context.messages();
    long remaining = done.path("remaining").asLong();
    context
        .output()
        .line(
            m.get(
                "vault.rewrapped",
                done.path("rewrapped").asLong(),
                done.path("newest").asInt(),
                remaining));
    context.output().line(m.get(remaining == 0 ? "vault.retire_hint" : "vault.remaining_hint"));
    return ExitCodes.OK;
  }
}
