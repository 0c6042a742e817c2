package dev.orchestrate.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Model provider settings ({@code orchestrate.llm.*}, each overridable by {@code
 * ORCHESTRATE_LLM_*}; the provider keys and base URLs also come from {@code ANTHROPIC_*} and {@code
 * OPENAI_*}).
 *
 * @param anthropic where and with which key to call Anthropic's Messages API
 * @param openai where and with which key to call OpenAI's Chat Completions API, or a compatible
 *     server (Ollama, vLLM, llama.cpp) when a base URL is set
 * @param retry how transient provider faults are retried
 * @param defaultTimeout the whole-call deadline used when a request's timeout is zero or negative
 * @param simulated how the simulated provider paces its answer
 */
@ConfigurationProperties("orchestrate.llm")
public record LlmProperties(
    @DefaultValue Endpoint anthropic,
    @DefaultValue Endpoint openai,
    @DefaultValue Retry retry,
    @DefaultValue(DEFAULT_TIMEOUT) Duration defaultTimeout,
    @DefaultValue Simulated simulated) {

  static final String DEFAULT_TIMEOUT = "120s";

  public LlmProperties {
    anthropic = anthropic == null ? new Endpoint(null, null) : anthropic;
    openai = openai == null ? new Endpoint(null, null) : openai;
    retry = retry == null ? Retry.defaults() : retry;
    defaultTimeout = defaultTimeout == null ? duration(DEFAULT_TIMEOUT) : defaultTimeout;
    simulated = simulated == null ? Simulated.defaults() : simulated;
  }

  private static Duration duration(String text) {
    return DurationStyle.detectAndParse(text);
  }

  /**
   * One provider's endpoint.
   *
   * @param apiKey the service's key; a request's own key overrides it; blank for none
   * @param baseUrl the API's base URL; blank for the provider's public API
   */
  public record Endpoint(String apiKey, String baseUrl) {

    public Endpoint {
      apiKey = apiKey == null ? "" : apiKey.strip();
      baseUrl = baseUrl == null ? "" : baseUrl.strip();
    }

    /** Never shows the key, so logging the settings is safe. */
    @Override
    public String toString() {
      return "Endpoint[apiKey="
          + (apiKey.isEmpty() ? "none" : "***")
          + ", baseUrl="
          + baseUrl
          + "]";
    }
  }

  /**
   * Retries of transient faults (429, 5xx, 529 overloaded, connection faults, cut streams).
   *
   * @param maxAttempts attempts per call, the first included
   * @param initialBackoff the wait before the first retry, doubled for each further one (with
   *     jitter)
   * @param maxBackoff the longest wait between attempts, a provider's {@code Retry-After} included
   */
  public record Retry(
      @DefaultValue(DEFAULT_MAX_ATTEMPTS) int maxAttempts,
      @DefaultValue(DEFAULT_INITIAL_BACKOFF) Duration initialBackoff,
      @DefaultValue(DEFAULT_MAX_BACKOFF) Duration maxBackoff) {

    static final String DEFAULT_MAX_ATTEMPTS = "3";
    static final String DEFAULT_INITIAL_BACKOFF = "500ms";
    static final String DEFAULT_MAX_BACKOFF = "20s";

    public Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("orchestrate.llm.retry.max-attempts must be at least 1");
      }
    }

    static Retry defaults() {
      return new Retry(
          Integer.parseInt(DEFAULT_MAX_ATTEMPTS),
          duration(DEFAULT_INITIAL_BACKOFF),
          duration(DEFAULT_MAX_BACKOFF));
    }
  }

  /**
   * The simulated provider.
   *
   * @param tokenDelay the pause between streamed tokens, to feel like a real model
   */
  public record Simulated(@DefaultValue(DEFAULT_TOKEN_DELAY) Duration tokenDelay) {

    static final String DEFAULT_TOKEN_DELAY = "40ms";

    static Simulated defaults() {
      return new Simulated(duration(DEFAULT_TOKEN_DELAY));
    }
  }
}
