package dev.orchestrate.llm;

/** What a streaming call reports as it goes, in order. */
public sealed interface LlmEvent {

  /** Text as it arrives. */
  record TextDelta(String text) implements LlmEvent {}

  /** A complete tool call (its input fully assembled). */
  record ToolCallMade(ToolCall call) implements LlmEvent {}

  /** The provider reported token usage for the current attempt. */
  record UsageReported(Usage usage) implements LlmEvent {}

  /**
   * The previous attempt failed after some events and a new one begins: listeners discard the text
   * of the failed attempt, which the new attempt will send again.
   */
  record AttemptRestarted(int attempt, String reason) implements LlmEvent {}

  /** The call finished. */
  record Completed(LlmResponse response) implements LlmEvent {}
}
