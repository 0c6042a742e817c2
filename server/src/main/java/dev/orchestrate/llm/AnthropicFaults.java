package dev.orchestrate.llm;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import com.anthropic.models.ErrorType;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Classifies what the Anthropic SDK threw: status, error type, Retry-After. */
final class AnthropicFaults {

  private static final String PROVIDER = "Anthropic";

  /** Error types a stream may report mid-way that another attempt can get past. */
  private static final Set<String> TRANSIENT_STREAM_ERRORS =
      Set.of("overloaded_error", "api_error", "rate_limit_error", "timeout_error");

  private AnthropicFaults() {}

  static AttemptFailure classify(Exception e, String key, Usage usage, Clock clock) {
    if (e instanceof AnthropicServiceException service) {
      return service(service, key, usage, clock);
    }
    if (e instanceof AnthropicIoException || Faults.isConnectionFault(e)) {
      return Faults.connection(PROVIDER, e, key, usage);
    }
    return Faults.unexpected(PROVIDER, e, key, usage);
  }

  private static AttemptFailure service(
      AnthropicServiceException e, String key, Usage usage, Clock clock) {
    Optional<String> type = e.errorType().map(ErrorType::asString);
    String detail = e.apiMessage().orElse("");
    if (e instanceof SseException) {
      String message =
          Secrets.redact(
              "Anthropic's stream reported an error ("
                  + type.orElse("unknown")
                  + ")"
                  + (detail.isBlank() ? "" : ": " + detail),
              key);
      // An error event without a type is a broken stream rather than a verdict on the request.
      return type.map(TRANSIENT_STREAM_ERRORS::contains).orElse(true)
          ? AttemptFailure.transientFault(message, 0, Optional.empty(), usage, null)
          : AttemptFailure.permanent(message, 0, usage, null);
    }
    int status = e.statusCode();
    String message = Secrets.redact(Faults.statusMessage(PROVIDER, status, type, detail), key);
    // The SDK exception is not kept as the cause: its message holds the raw response body.
    return Faults.transientStatus(status)
        ? AttemptFailure.transientFault(
            message, status, RetryAfter.from(e.headers()::values, clock), usage, null)
        : AttemptFailure.permanent(message, status, usage, null);
  }
}
