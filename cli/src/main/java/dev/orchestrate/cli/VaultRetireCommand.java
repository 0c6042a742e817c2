package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code orchestrate admin vault retire <version>}: marks a master key version no data key needs
 * any more as retired, so no instance needs it to start.
 */
@Command(name = "retire")
final class VaultRetireCommand extends Action {

  @Parameters(index = "0", paramLabel = "VERSION", descriptionKey = "param.key_version")
  int version;

  @Override
  int run(Context context) {
    JsonNode retired =
        context.api().post(VaultStatusCommand.PATH + "/keys/" + version + "/retire", null);
    if (context.output().json()) {
      context.output().json(context.json(), retired);
    } else {
      context.output().line(context.messages().get("vault.retired", version));
    }
    return ExitCodes.OK;
  }
}
