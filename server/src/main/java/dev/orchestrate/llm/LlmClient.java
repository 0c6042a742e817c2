package dev.orchestrate.llm;

/**
 * Calls a model, whichever provider serves it. Thread-safe; blocking (run it on a virtual thread).
 */
public interface LlmClient {

  /**
   * Streams one call to {@code listener} and returns the finished response. Retries transient
   * faults within the request's timeout, telling the listener when an attempt restarts.
   *
   * @throws LlmException when the call fails, times out or is cancelled
   */
  LlmResponse stream(LlmRequest request, LlmListener listener, CallControl control);

  /** The same call, for callers that only want the result. */
  default LlmResponse complete(LlmRequest request) {
    return stream(request, LlmListener.IGNORE, new CallControl());
  }
}
