package dev.orchestrate.llm;

import java.util.List;

/**
 * A finished call.
 *
 * @param model the model that answered, as the provider names it ({@code simulated:…} for the
 *     simulated provider)
 * @param text all text the model produced
 * @param toolCalls the tool calls it made, in order
 * @param usage tokens of the successful attempt
 * @param billedUsage tokens of every attempt the provider reported usage for, the successful one
 *     included: what the call costs
 * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, {@code tool_use}
 *     …)
 * @param attempts how many attempts it took
 */
public record LlmResponse(
    String model,
    String text,
    List<ToolCall> toolCalls,
    Usage usage,
    Usage billedUsage,
    String stopReason,
    int attempts) {

  public LlmResponse {
    toolCalls = List.copyOf(toolCalls);
  }
}
