package dev.orchestrate.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model call.
 *
 * @param provider {@code anthropic}, {@code openai} or {@code simulated}
 * @param model the provider's model id
 * @param system the system prompt, may be empty
 * @param messages the conversation, oldest first; never empty
 * @param temperature sampling temperature, or empty for the provider's default
 * @param maxTokens the most output tokens the call may produce
 * @param tools tools the model may call; empty for none
 * @param timeout the whole call's deadline, retries included
 * @param apiKey a key that overrides the configured one (a workspace's own key), if any
 */
public record LlmRequest(
    String provider,
    String model,
    String system,
    List<LlmMessage> messages,
    Optional<Double> temperature,
    int maxTokens,
    List<ToolDefinition> tools,
    Duration timeout,
    Optional<String> apiKey) {

  public LlmRequest {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    system = system == null ? "" : system;
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a call needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive");
    }
    tools = tools == null ? List.of() : List.copyOf(tools);
    Objects.requireNonNull(timeout, "timeout");
    temperature = temperature == null ? Optional.empty() : temperature;
    apiKey = apiKey == null ? Optional.empty() : apiKey;
  }

  /** The {@code toString} of a request never shows its key. */
  @Override
  public String toString() {
    return "LlmRequest[" + provider + ":" + model + ", " + messages.size() + " messages]";
  }
}
