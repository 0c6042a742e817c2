package dev.orchestrate.vault;

import java.util.regex.Pattern;

/** What a secret may be called: the pattern the database checks too (V8, V15). */
final class SecretNames {

  static final Pattern PATTERN = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.-]{0,127}");

  static final String RULE =
      "must start with a letter or '_' and hold at most 128 letters, digits, '_', '.' or '-'";

  private SecretNames() {}

  static boolean valid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
