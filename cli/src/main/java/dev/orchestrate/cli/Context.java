package dev.orchestrate.cli;

import dev.orchestrate.cli.api.ApiClient;
import dev.orchestrate.cli.api.Config;
import dev.orchestrate.cli.api.ConfigStore;
import dev.orchestrate.cli.api.Failures;
import dev.orchestrate.cli.api.Login;
import dev.orchestrate.cli.api.Servers;
import dev.orchestrate.cli.text.Messages;
import dev.orchestrate.cli.text.NearNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a command needs, worked out on first use: which server (flag, {@code ORCHESTRATE_URL},
 * the last login, {@code http://localhost:8080}), the token (the saved login for that server, or
 * {@code ORCHESTRATE_TOKEN}), the workspace, the user's language and output.
 */
public final class Context {

  private final Environment environment;
  private final Messages messages;
  private final Output output;
  private final JsonMapper json;
  private final ConfigStore store;
  private final String serverFlag;
  private final String workspaceFlag;
  private String server;
  private ApiClient api;
  private JsonNode me;
  private Workspace workspace;

  /** The workspace a command works in, and the user's role there when known. */
  public record Workspace(String id, String slug, String role) {}

  Context(
      Environment environment,
      Messages messages,
      Output output,
      JsonMapper json,
      String serverFlag,
      String workspaceFlag) {
    this.environment = environment;
    this.messages = messages;
    this.output = output;
    this.json = json;
    this.store = new ConfigStore(ConfigStore.folderFrom(environment.variables()));
    this.serverFlag = serverFlag;
    this.workspaceFlag = workspaceFlag;
  }

  public Environment environment() {
    return environment;
  }

  public Messages messages() {
    return messages;
  }

  public Output output() {
    return output;
  }

  public JsonMapper json() {
    return json;
  }

  public ConfigStore store() {
    return store;
  }

  public Failures failures() {
    return new Failures(messages, environment.clock());
  }

  public String server() {
    if (server == null) {
      String chosen = serverFlag;
      if (chosen == null) {
        chosen = environment.variables().get("ORCHESTRATE_URL");
      }
      if (chosen == null || chosen.isBlank()) {
        chosen = Optional.ofNullable(store.load().server()).orElse(Servers.DEFAULT);
      }
      try {
        server = Servers.normalize(chosen);
      } catch (IllegalArgumentException e) {
        throw new CliException(
            ExitCodes.USAGE, "bad_server", messages.get("error.bad_server", chosen));
      }
    }
    return server;
  }

  /** A client without a token, for sign-up and login. */
  public ApiClient anonymous() {
    return new ApiClient(server(), null, json, failures());
  }

  /** A client with the user's token; says how to log in when there is none. */
  public ApiClient api() {
    if (api == null) {
      String token = environment.variables().get("ORCHESTRATE_TOKEN");
      if (token == null || token.isBlank()) {
        token = login().map(Login::token).orElse(null);
      }
      if (token == null) {
        // "Not logged in" would mislead when the server is not even there: say that first.
        anonymous().get("/health");
        throw failures().unauthorized(server(), null, null);
      }
      api = new ApiClient(server(), token, json, failures());
    }
    return api;
  }

  public Optional<Login> login() {
    return store.load().login(server());
  }

  public void saveLogin(Login login) {
    Config config = store.load();
    store.save(config.withLogin(server(), login));
  }

  /** {@code GET /api/me}, once. */
  public JsonNode me() {
    if (me == null) {
      me = api().get("/api/me");
    }
    return me;
  }

  /**
   * {@code --workspace} (an id or a slug) or {@code ORCHESTRATE_WORKSPACE}, else the workspace
   * saved at login, else the user's first.
   */
  public Workspace workspace() {
    if (workspace == null) {
      workspace = resolveWorkspace();
    }
    return workspace;
  }

  private Workspace resolveWorkspace() {
    String wanted = workspaceFlag;
    if (wanted == null || wanted.isBlank()) {
      wanted = environment.variables().get("ORCHESTRATE_WORKSPACE");
    }
    if (wanted == null || wanted.isBlank()) {
      Optional<Login> saved =
          environment.variables().containsKey("ORCHESTRATE_TOKEN") ? Optional.empty() : login();
      if (saved.isPresent() && saved.get().workspaceId() != null) {
        return new Workspace(saved.get().workspaceId(), saved.get().workspaceSlug(), null);
      }
      JsonNode first = me().path("workspaces").path(0);
      if (first.isMissingNode()) {
        throw new CliException(
            ExitCodes.NOT_FOUND, "no_workspace", messages.get("error.no_workspace"));
      }
      return of(first);
    }
    List<String> slugs = new ArrayList<>();
    for (JsonNode ws : me().path("workspaces")) {
      if (wanted.equals(ws.path("id").asString()) || wanted.equals(ws.path("slug").asString())) {
        return of(ws);
      }
      slugs.add(ws.path("slug").asString());
    }
    if (isUuid(wanted)) {
      return new Workspace(wanted, wanted, null);
    }
    List<String> lines = new ArrayList<>();
    lines.add(messages.get("error.unknown_workspace", wanted));
    List<String> near = NearNames.of(wanted, slugs, 3);
    lines.add(messages.get("error.known", String.join(", ", near.isEmpty() ? slugs : near)));
    throw new CliException(ExitCodes.NOT_FOUND, "unknown_workspace", lines, null);
  }

  /** The user's role in a workspace, from {@code /api/me}; null when unknown. */
  public String roleIn(String workspaceId) {
    for (JsonNode ws : me().path("workspaces")) {
      if (workspaceId.equals(ws.path("id").asString())) {
        return ws.path("role").asString(null);
      }
    }
    return null;
  }

  private static Workspace of(JsonNode ws) {
    return new Workspace(
        ws.path("id").asString(), ws.path("slug").asString(), ws.path("role").asString(null));
  }

  static boolean isUuid(String text) {
    try {
      UUID.fromString(text);
      return text.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
