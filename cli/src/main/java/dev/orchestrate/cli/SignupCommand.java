package dev.orchestrate.cli;

import dev.orchestrate.cli.api.Login;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code orchestrate signup}: creates an account (and its workspace) and logs in. */
@Command(name = "signup", sortOptions = false)
final class SignupCommand extends Action {

  @Mixin CredentialOptions credentials;

  @Option(names = "--name", paramLabel = "NAME", descriptionKey = "option.name")
  String name;

  @Override
  int run(Context context) {
    var prompt = new Credentials(context);
    String address = prompt.email(credentials.email);
    String password = prompt.password(credentials.passwordStdin, true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", address);
    body.put("password", password);
    if (name != null) {
      body.put("name", name);
    }
    JsonNode answer = context.anonymous().post("/api/auth/signup", body);
    JsonNode workspace = answer.path("workspace");
    Login login =
        new Login(
            answer.path("user").path("email").asString(address),
            answer.path("access_token").asString(),
            workspace.path("id").asString(null),
            workspace.path("slug").asString(null));
    context.saveLogin(login);
    loggedIn(context, login, answer.path("expires_in").asLong(0), "signup.done");
    return ExitCodes.OK;
  }

  /** Says who is logged in where, and where the token is kept (never the token itself). */
  static void loggedIn(Context context, Login login, long expiresIn, String key) {
    Output out = context.output();
    String file = context.store().file().toString();
    if (out.json()) {
      ObjectNode result = context.json().createObjectNode();
      result.put("server", context.server());
      result.put("email", login.email());
      result
          .putObject("workspace")
          .put("id", login.workspaceId())
          .put("slug", login.workspaceSlug());
      result.put("expires_in", expiresIn);
      result.put("config_file", file);
      out.json(context.json(), result);
      return;
    }
    var messages = context.messages();
    out.line("✅ " + messages.get(key, login.email(), context.server()));
    out.line("   " + messages.get("login.workspace", login.workspaceSlug()));
    out.line("   " + messages.get("login.saved", file, expiresIn / 3600));
  }
}
