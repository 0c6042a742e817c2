package dev.orchestrate.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server definition's values with their secret references resolved: {@code secret:NAME} to the
 * value, {@code secret-file:NAME} to the path of a file holding it. A missing secret fails the
 * start, naming it, unless the definition marks it optional (then the variable is left out).
 */
final class Values {

  private final ServerSpec spec;
  private final Map<String, String> secrets;
  private final ClientFolder folder;

  Values(ServerSpec spec, Map<String, String> secrets, ClientFolder folder) {
    this.spec = spec;
    this.secrets = secrets;
    this.folder = folder;
  }

  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    spec.env()
        .forEach(
            (name, raw) ->
                resolve(name, raw, true).ifPresentOrElse(v -> env.put(name, v), () -> {}));
    return env;
  }

  Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    spec.headers()
        .forEach((name, raw) -> resolve(name, raw, false).ifPresent(v -> headers.put(name, v)));
    return headers;
  }

  String url() {
    return resolve("url", spec.url(), false)
        .orElseThrow(() -> ClientFailure.refused("the URL's secret is not set"));
  }

  private java.util.Optional<String> resolve(String target, String raw, boolean files) {
    ConfigValue value = ConfigValue.parse(raw);
    return switch (value) {
      case ConfigValue.Literal literal -> java.util.Optional.of(literal.value());
      case ConfigValue.Secret secret -> secret(secret.name());
      case ConfigValue.SecretFile file -> {
        if (!files) {
          throw ClientFailure.refused("secret-file: is only for environment variables");
        }
        yield secret(file.name())
            .map(
                content -> {
                  var written =
                      folder.writeSecret(target, file.fileName().orElse(file.name()), content);
                  return (file.fileName().isPresent() ? written.getParent() : written).toString();
                });
      }
    };
  }

  private java.util.Optional<String> secret(String name) {
    String value = secrets.get(name);
    if (value == null && !spec.optionalSecrets().contains(name)) {
      throw ClientFailure.refused("the secret '" + name + "' is not set in this workspace");
    }
    return java.util.Optional.ofNullable(value);
  }
}
