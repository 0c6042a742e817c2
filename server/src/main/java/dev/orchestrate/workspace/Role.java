package dev.orchestrate.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's role in a workspace, strongest first: each role may do all the weaker ones may. */
public enum Role {
  OWNER,
  ADMIN,
  /** Runs pipelines and invokes agents. */
  MEMBER,
  /** Reads only. */
  VIEWER;

  public boolean atLeast(Role required) {
    return ordinal() <= required.ordinal();
  }

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Role fromValue(String value) {
    return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown role: " + value));
  }

  public static Optional<Role> parse(String value) {
    return Arrays.stream(values()).filter(r -> r.value().equals(value)).findFirst();
  }
}
