package dev.orchestrate.mcp;

import dev.orchestrate.common.Validation;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a connection valid, every problem reported at its field: the name, a transport with
 * what it needs (a command on the allow-list, or an http(s) URL outside the service's own networks
 * unless the deployment allows them), and env and header values that are literals or well-formed
 * secret references.
 */
final class ConnectionRules {

  static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$");

  /** Headers the HTTP client or the MCP transport sets itself. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "accept",
          "connection",
          "transfer-encoding",
          "upgrade",
          "expect",
          "te",
          "mcp-session-id",
          "mcp-protocol-version",
          "last-event-id");

  private static final int MAX_ARGS = 100;
  private static final int MAX_ENTRIES = 100;
  private static final int MAX_VALUE = 8192;

  private final StdioAllowList allowList;
  private final NetworkPolicy network;

  ConnectionRules(StdioAllowList allowList, NetworkPolicy network) {
    this.allowList = allowList;
    this.network = network;
  }

  /** The definition the input describes; throws a 422 listing every problem. */
  ServerSpec check(ConnectionInput input) {
    var v = new Validation();
    if (input.name() == null || !NAME.matcher(input.name()).matches()) {
      v.add("name", "must match " + NAME.pattern());
    }
    var transport =
        input.transport() == null
            ? null
            : ServerSpec.Transport.parse(input.transport()).orElse(null);
    if (transport == null) {
      v.add("transport", "must be one of stdio, http");
    }
    List<String> args = input.args() == null ? List.of() : input.args();
    Map<String, String> env = input.env() == null ? Map.of() : input.env();
    Map<String, String> headers = input.headers() == null ? Map.of() : input.headers();
    if (transport == ServerSpec.Transport.STDIO) {
      stdio(input.command(), args, v);
      v.check(input.url() == null, "url", "must be absent for a stdio connection");
      v.check(headers.isEmpty(), "headers", "must be empty for a stdio connection");
    } else if (transport == ServerSpec.Transport.HTTP) {
      url(input.url(), v);
      v.check(input.command() == null, "command", "must be absent for an http connection");
      v.check(args.isEmpty(), "args", "must be empty for an http connection");
      v.check(env.isEmpty(), "env", "must be empty for an http connection");
    }
    env(env, v);
    headers(headers, v);
    v.throwIfInvalid();
    return new ServerSpec(transport, input.command(), args, input.url(), env, headers, Set.of());
  }

  private void stdio(String command, List<String> args, Validation v) {
    if (command == null || command.isBlank()) {
      v.add("command", "is required for a stdio connection");
      return;
    }
    v.check(command.length() <= 1000, "command", "must be at most 1000 characters");
    v.check(args.size() <= MAX_ARGS, "args", "must have at most " + MAX_ARGS + " entries");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg == null) {
        v.add("args[" + i + "]", "must be a string");
      } else {
        v.check(arg.length() <= MAX_VALUE, "args[" + i + "]", "is too long");
      }
    }
    if (args.stream().noneMatch(a -> a == null) && !allowList.allows(command, args)) {
      v.add(
          "command",
          "this command line is not on the deployment's stdio allow-list"
              + " (ORCHESTRATE_MCP_STDIO_ALLOW); allowed: "
              + String.join("; ", allowList.describe()));
    }
  }

  private void url(String url, Validation v) {
    if (url == null || url.isBlank()) {
      v.add("url", "is required for an http connection");
      return;
    }
    ConfigValue value = ConfigValue.parse(url);
    switch (value) {
      case ConfigValue.Secret secret -> value.problem().ifPresent(problem -> v.add("url", problem));
      case ConfigValue.SecretFile file -> v.add("url", "must be a URL or a secret:NAME reference");
      case ConfigValue.Literal literal -> literalUrl(literal.value(), v);
    }
  }

  private void literalUrl(String url, Validation v) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      v.add("url", "is not a valid URL");
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      v.add("url", "must be an http:// or https:// URL with a host");
      return;
    }
    network.refusalAtSave(uri.getHost()).ifPresent(refusal -> v.add("url", refusal));
  }

  private static void env(Map<String, String> env, Validation v) {
    v.check(env.size() <= MAX_ENTRIES, "env", "must have at most " + MAX_ENTRIES + " entries");
    env.forEach(
        (name, value) -> {
          String path = "env." + name;
          if (!ENV_NAME.matcher(name).matches()) {
            v.add(path, "is not a valid variable name (" + ENV_NAME.pattern() + ")");
          } else if (ChildEnvironment.isReserved(name)) {
            v.add(path, "may not be set: the service sets it, or it changes which code runs");
          }
          value(path, value, true, v);
        });
  }

  private static void headers(Map<String, String> headers, Validation v) {
    v.check(
        headers.size() <= MAX_ENTRIES, "headers", "must have at most " + MAX_ENTRIES + " entries");
    headers.forEach(
        (name, value) -> {
          String path = "headers." + name;
          if (!HEADER_NAME.matcher(name).matches()) {
            v.add(path, "is not a valid header name");
          } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            v.add(path, "may not be set: the MCP transport sets it");
          }
          value(path, value, false, v);
        });
  }

  private static void value(String path, String raw, boolean files, Validation v) {
    if (raw == null) {
      v.add(path, "must be a string");
      return;
    }
    if (raw.length() > MAX_VALUE) {
      v.add(path, "must be at most " + MAX_VALUE + " characters");
      return;
    }
    ConfigValue value = ConfigValue.parse(raw);
    value.problem().ifPresent(problem -> v.add(path, problem));
    if (value instanceof ConfigValue.SecretFile && !files) {
      v.add(path, "secret-file: is only for env");
    }
    if (raw.indexOf('\0') >= 0) {
      v.add(path, "must not contain NUL");
    } else if (!files && (raw.indexOf('\r') >= 0 || raw.indexOf('\n') >= 0)) {
      v.add(path, "must not contain line breaks");
    }
  }
}
