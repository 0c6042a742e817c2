package dev.orchestrate.llm;

/**
 * Tokens as the provider itself reported them. {@code inputTokens} excludes cached tokens, which
 * are priced apart (OpenAI's {@code prompt_tokens} includes them; the adapter subtracts).
 */
public record Usage(
    long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens) {

  public static final Usage NONE = new Usage(0, 0, 0, 0);

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        cacheReadTokens + other.cacheReadTokens);
  }
}
