package dev.orchestrate.llm;

/**
 * One provider's side of a call: makes a single attempt; retries, deadlines and the final {@link
 * LlmEvent.Completed} are {@link DefaultLlmClient}'s business.
 */
interface ProviderAdapter extends AutoCloseable {

  /** The provider name requests use ({@code anthropic}, {@code openai}, {@code simulated}). */
  String provider();

  /**
   * Streams one attempt to {@code listener} ({@link LlmEvent.TextDelta}, {@link
   * LlmEvent.ToolCallMade}, {@link LlmEvent.UsageReported}) and returns its response with {@code
   * attempts = 1}. Stops promptly, closing the HTTP stream, when {@code control} is cancelled.
   *
   * @throws AttemptFailure when the attempt did not finish, saying whether another may succeed
   */
  LlmResponse attempt(LlmRequest request, LlmListener listener, CallControl control)
      throws AttemptFailure;

  /** Releases the SDK clients. */
  @Override
  default void close() {}
}
