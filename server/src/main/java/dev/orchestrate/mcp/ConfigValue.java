package dev.orchestrate.mcp;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A value of a connection's {@code env}, {@code headers} or {@code url} as stored: a literal, or a
 * reference to a workspace secret resolved only when the server is started or connected to. The
 * stored connection never holds a secret's value.
 */
sealed interface ConfigValue {

  String SECRET = "secret:";
  String SECRET_FILE = "secret-file:";

  /** The vault's rule for secret names. */
  Pattern SECRET_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.-]{0,127}$");

  /** A value stored as written: for settings that are not secret (a region, a flag). */
  record Literal(String value) implements ConfigValue {}

  /** {@code secret:NAME}: the secret's value. */
  record Secret(String name) implements ConfigValue {}

  /**
   * {@code secret-file:NAME}: the secret's value written to a file only the service's user can
   * read, in the client's own folder (deleted when the client closes); the variable gets the file's
   * path. For servers that read credentials from a file. {@code secret-file:NAME/FILE} names the
   * file and gives the variable its folder instead, for servers that look for a fixed file name in
   * a folder they are told (mcp-gdrive's {@code GDRIVE_CREDS_DIR/.gdrive-server-credentials.json}).
   *
   * @param fileName empty: the variable gets the file's path
   */
  record SecretFile(String name, Optional<String> fileName) implements ConfigValue {}

  /** A file name of {@code secret-file:NAME/FILE}: one plain name, never a path. */
  Pattern FILE_NAME = Pattern.compile("^(?!\\.{1,2}$)[A-Za-z0-9._-]{1,128}$");

  static ConfigValue parse(String raw) {
    if (raw.startsWith(SECRET_FILE)) {
      String rest = raw.substring(SECRET_FILE.length());
      int slash = rest.indexOf('/');
      return slash < 0
          ? new SecretFile(rest, Optional.empty())
          : new SecretFile(rest.substring(0, slash), Optional.of(rest.substring(slash + 1)));
    }
    if (raw.startsWith(SECRET)) {
      return new Secret(raw.substring(SECRET.length()));
    }
    return new Literal(raw);
  }

  /** The secret it names, if any. */
  default Optional<String> secretName() {
    return switch (this) {
      case Literal literal -> Optional.empty();
      case Secret secret -> Optional.of(secret.name());
      case SecretFile file -> Optional.of(file.name());
    };
  }

  /** What is wrong with it, if anything: a reference must name a secret by the vault's rule. */
  default Optional<String> problem() {
    if (this instanceof SecretFile file
        && file.fileName().filter(n -> !FILE_NAME.matcher(n).matches()).isPresent()) {
      return Optional.of("the file name after '/' must match " + FILE_NAME.pattern());
    }
    return secretName()
        .filter(name -> !SECRET_NAME.matcher(name).matches())
        .map(name -> "must name a secret matching " + SECRET_NAME.pattern());
  }
}
