package dev.orchestrate.vault;

import java.util.Objects;

/**
 * A decrypted secret. Its {@link #toString()} never shows the value, so it cannot reach a log line
 * or an error message by accident.
 */
public record SecretValue(String name, int version, String value) {

  public SecretValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "SecretValue[name=" + name + ", version=" + version + ", value=<redacted>]";
  }
}
