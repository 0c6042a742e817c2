package dev.orchestrate.billing;

/**
 * The tokens of one or more model calls, split the way providers price them.
 *
 * @param inputTokens prompt tokens neither written to nor read from the cache (Anthropic reports
 *     them so; OpenAI counts cached tokens inside {@code prompt_tokens}, so subtract them first)
 * @param outputTokens generated tokens
 * @param cacheWriteTokens prompt tokens written to the cache
 * @param cacheReadTokens prompt tokens read from the cache
 */
public record TokenUsage(
    long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cacheWriteTokens < 0 || cacheReadTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  /** A usage without cache tokens. */
  public static TokenUsage of(long inputTokens, long outputTokens) {
    return new TokenUsage(inputTokens, outputTokens, 0, 0);
  }

  /** The usage of this call and another, as for the several calls of one step. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        Math.addExact(inputTokens, other.inputTokens),
        Math.addExact(outputTokens, other.outputTokens),
        Math.addExact(cacheWriteTokens, other.cacheWriteTokens),
        Math.addExact(cacheReadTokens, other.cacheReadTokens));
  }
}
