package dev.orchestrate.llm;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@link LlmClient}: routes a request to its provider's adapter, retries transient faults by
 * the {@link RetryPolicy} within the request's deadline, and turns deadlines and cancellations into
 * {@link LlmException}s that carry what was billed.
 */
@Component
public class DefaultLlmClient implements LlmClient, AutoCloseable {

  private final Map<String, ProviderAdapter> adapters;
  private final RetryPolicy retryPolicy;
  private final Duration defaultTimeout;

  @Autowired
  public DefaultLlmClient(LlmProperties properties) {
    this(
        List.of(
            new AnthropicAdapter(properties.anthropic(), Clock.systemUTC()),
            new OpenAiAdapter(properties.openai(), Clock.systemUTC()),
            new SimulatedAdapter(properties.simulated().tokenDelay())),
        ExponentialBackoff.of(properties.retry()),
        properties.defaultTimeout());
  }

  DefaultLlmClient(
      List<ProviderAdapter> adapters, RetryPolicy retryPolicy, Duration defaultTimeout) {
    this.adapters =
        adapters.stream()
            .collect(Collectors.toUnmodifiableMap(ProviderAdapter::provider, Function.identity()));
    this.retryPolicy = retryPolicy;
    this.defaultTimeout = defaultTimeout;
  }

  @Override
  public LlmResponse stream(LlmRequest request, LlmListener listener, CallControl control) {
    ProviderAdapter adapter = adapters.get(request.provider());
    if (adapter == null) {
      throw new LlmException(
          LlmException.Code.PROVIDER_ERROR,
          request.provider(),
          0,
          "Unknown model provider '" + request.provider() + "'",
          Usage.NONE,
          null);
    }
    LlmRequest bounded = withTimeout(request);
    Deadline deadline = Deadline.after(bounded.timeout());
    Usage billed = Usage.NONE;
    for (int attempt = 1; ; attempt++) {
      if (control.cancelled()) {
        throw cancelled(request, billed);
      }
      AttemptOutcome outcome = AttemptRunner.run(adapter, bounded, listener, control, deadline);
      billed = billed.plus(outcome.usage());
      switch (outcome) {
        case AttemptOutcome.Succeeded succeeded -> {
          LlmResponse response = finished(succeeded.response(), billed, attempt);
          listener.onEvent(new LlmEvent.Completed(response));
          return response;
        }
        case AttemptOutcome.TimedOut timedOut -> throw timedOut(bounded, billed);
        case AttemptOutcome.Cancelled cancelled -> throw cancelled(request, billed);
        case AttemptOutcome.Failed failed -> {
          AttemptFailure failure = failed.failure();
          Optional<Duration> delay =
              retryPolicy.delayBefore(attempt + 1, failure, deadline.remaining());
          if (delay.isEmpty()) {
            throw failedCall(request, failure, billed, attempt);
          }
          if (!Pause.unlessCancelled(delay.get(), control)) {
            throw cancelled(request, billed);
          }
          if (deadline.passed()) {
            throw timedOut(bounded, billed);
          }
          listener.onEvent(new LlmEvent.AttemptRestarted(attempt + 1, failure.getMessage()));
        }
      }
    }
  }

  private LlmRequest withTimeout(LlmRequest request) {
    if (request.timeout().isPositive()) {
      return request;
    }
    return new LlmRequest(
        request.provider(),
        request.model(),
        request.system(),
        request.messages(),
        request.temperature(),
        request.maxTokens(),
        request.tools(),
        defaultTimeout,
        request.apiKey());
  }

  private static LlmResponse finished(LlmResponse response, Usage billed, int attempts) {
    return new LlmResponse(
        response.model(),
        response.text(),
        response.toolCalls(),
        response.usage(),
        billed,
        response.stopReason(),
        attempts);
  }

  private static LlmException failedCall(
      LlmRequest request, AttemptFailure failure, Usage billed, int attempts) {
    String message =
        attempts > 1 && failure.retryable()
            ? failure.getMessage() + " (gave up after " + attempts + " attempts)"
            : failure.getMessage();
    return new LlmException(
        LlmException.Code.PROVIDER_ERROR,
        request.provider(),
        failure.httpStatus(),
        message,
        billed,
        failure.getCause());
  }

  private static LlmException timedOut(LlmRequest request, Usage billed) {
    return new LlmException(
        LlmException.Code.TIMEOUT,
        request.provider(),
        0,
        "The " + request.provider() + " call did not finish within " + seconds(request.timeout()),
        billed,
        null);
  }

  /** "0.3 s", "120 s": people read this, not {@code PT2M}. */
  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private static LlmException cancelled(LlmRequest request, Usage billed) {
    return new LlmException(
        LlmException.Code.CANCELLED,
        request.provider(),
        0,
        "The " + request.provider() + " call was cancelled",
        billed,
        null);
  }

  /** Closes the SDK clients (Spring calls this on shutdown). */
  @Override
  public void close() {
    adapters.values().forEach(ProviderAdapter::close);
  }
}
