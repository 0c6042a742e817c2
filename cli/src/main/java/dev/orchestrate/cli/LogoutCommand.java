package dev.orchestrate.cli;

import picocli.CommandLine.Command;

/** {@code orchestrate logout}: forgets this server's token. */
@Command(name = "logout")
final class LogoutCommand extends Action {

  @Override
  int run(Context context) {
    var store = context.store();
    boolean had = store.load().login(context.server()).isPresent();
    if (had) {
      store.save(store.load().withoutLogin(context.server()));
    }
    if (context.output().json()) {
      context
          .output()
          .json(
              context.json(),
              context
                  .json()
                  .createObjectNode()
                  .put("server", context.server())
                  .put("logged_out", had));
    } else {
      context
          .output()
          .line(context.messages().get(had ? "logout.done" : "logout.none", context.server()));
    }
    return ExitCodes.OK;
  }
}
