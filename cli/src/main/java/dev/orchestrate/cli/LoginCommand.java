package dev.orchestrate.cli;

import dev.orchestrate.cli.api.Login;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate login}: gets a token and keeps it for this server. */
@Command(name = "login", sortOptions = false)
final class LoginCommand extends Action {

  @Mixin CredentialOptions credentials;

  @Override
  int run(Context context) {
    var prompt = new Credentials(context);
    String address = prompt.email(credentials.email);
    String password = prompt.password(credentials.passwordStdin, false);
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
