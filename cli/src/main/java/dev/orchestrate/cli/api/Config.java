package dev.orchestrate.cli.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The config file: the server last logged in to, and a login per server. Tokens are kept per server
 * so that {@code --server} never sends one server's token to another.
 */
public record Config(String server, Map<String, Login> logins) {

  public Config {
    logins = logins == null ? Map.of() : Map.copyOf(logins);
  }

  public static Config empty() {
    return new Config(null, Map.of());
  }

  public Optional<Login> login(String url) {
    return Optional.ofNullable(logins.get(url));
  }

  public Config withLogin(String url, Login login) {
    Map<String, Login> next = new LinkedHashMap<>(logins);
    next.put(url, login);
    return new Config(url, next);
  }

  public Config withoutLogin(String url) {
    Map<String, Login> next = new LinkedHashMap<>(logins);
    next.remove(url);
    return new Config(url.equals(server) ? null : server, next);
  }
}
