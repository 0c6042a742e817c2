package dev.orchestrate.llm;

import java.util.Optional;
import tools.jackson.core.JacksonException;

/** A tool call whose JSON input is still arriving in pieces. */
final class PartialToolCall {

  private String id;
  private String name;
  private final StringBuilder input = new StringBuilder();

  PartialToolCall(String id, String name) {
    this.id = id;
    this.name = name;
  }

  /** OpenAI sends the id and name once, in the first piece; later pieces leave them out. */
  void update(Optional<String> newId, Optional<String> newName) {
    newId.filter(s -> !s.isEmpty()).ifPresent(value -> id = value);
    newName.filter(s -> !s.isEmpty()).ifPresent(value -> name = value);
  }

  void append(String piece) {
    input.append(piece);
  }

  /**
   * The finished call.
   *
   * @throws AttemptFailure (retryable: the next sample may be well-formed) when the input is not
   *     JSON
   */
  ToolCall complete(String provider, Usage usage) throws AttemptFailure {
    try {
      return new ToolCall(id, name, JsonBridge.parseToolInput(input.toString()));
    } catch (JacksonException e) {
      throw AttemptFailure.transientFault(
          provider + " sent tool call '" + name + "' with input that is not JSON",
          0,
          Optional.empty(),
          usage,
          null);
    }
  }
}
