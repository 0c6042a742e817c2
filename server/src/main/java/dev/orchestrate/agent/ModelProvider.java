package dev.orchestrate.agent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who serves an agent's model. */
public enum ModelProvider {
  ANTHROPIC,
  OPENAI,
  /** The service's own stand-in, used until a provider key is configured; charges only its fee. */
  SIMULATED;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ModelProvider> parse(String value) {
    return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
  }
}
