package dev.orchestrate.cli;

import dev.orchestrate.cli.api.Login;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate login}: gets a token and keeps it for this server. */
@Command(name = "login", sortOptions = false)
final class LoginCommand extends Action {

  @Option(names = "--email", paramLabel = "EMAIL", descriptionKey = "option.email")
  String email;

  @Option(names = "--password-stdin", descriptionKey = "option.password_stdin")
  boolean passwordStdin;

  @Override
  int run(Context context) {
    var credentials = new Credentials(context);
    String address = credentials.email(email);
    String password = credentials.password(passwordStdin, false);
    JsonNode answer =
        context.anonymous().post("/api/auth/login", Map.of("email", address, "password", password));
    String token = answer.path("access_token").asString();
    context.saveLogin(new Login(address, token, null, null));
    JsonNode first = context.me().path("workspaces").path(0);
    Login login =
        new Login(
            answer.path("user").path("email").asString(address),
            token,
            first.path("id").asString(null),
            first.path("slug").asString(null));
    context.saveLogin(login);
    SignupCommand.loggedIn(context, login, answer.path("expires_in").asLong(0), "login.done");
    return ExitCodes.OK;
  }
}
