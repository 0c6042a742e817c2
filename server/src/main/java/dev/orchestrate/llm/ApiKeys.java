package dev.orchestrate.llm;

/** Picks the key an attempt uses: the request's own (a workspace secret), else the service's. */
final class ApiKeys {

  private ApiKeys() {}

  /**
   * @param label the provider as people name it ({@code Anthropic})
   * @param variable the environment variable that configures the service's key
   * @param secret the workspace secret that overrides it
   * @throws AttemptFailure (not retryable) when neither is set
   */
  static String require(
      LlmRequest request,
      LlmProperties.Endpoint endpoint,
      String label,
      String variable,
      String secret)
      throws AttemptFailure {
    String key =
        request.apiKey().map(String::strip).filter(k -> !k.isEmpty()).orElse(endpoint.apiKey());
    if (key.isEmpty()) {
      throw AttemptFailure.permanent(
          "No "
              + label
              + " API key is configured (set "
              + variable
              + " or the workspace secret "
              + secret
              + ")",
          0,
          Usage.NONE,
          null);
    }
    return key;
  }
}
