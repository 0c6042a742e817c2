package dev.orchestrate.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import java.time.Clock;
import java.util.Optional;

/** Classifies what the OpenAI SDK threw: status, error type, Retry-After. */
final class OpenAiFaults {

  private static final String PROVIDER = "OpenAI";
  private static final int MAX_DETAIL = 300;

  private OpenAiFaults() {}

  static AttemptFailure classify(Exception e, String key, Usage usage, Clock clock) {
    if (e instanceof OpenAIServiceException service) {
      return service(service, key, usage, clock);
    }
    if (e instanceof OpenAIIoException || Faults.isConnectionFault(e)) {
      return Faults.connection(PROVIDER, e, key, usage);
    }
    return Faults.unexpected(PROVIDER, e, key, usage);
  }

  private static AttemptFailure service(
      OpenAIServiceException e, String key, Usage usage, Clock clock) {
    Optional<String> type = e.code().or(e::type);
    String detail = detail(e.body());
    if (e instanceof SseException) {
      // An error inside a 200 stream is the server failing mid-answer, not a verdict on the
      // request.
      String message =
          Secrets.redact(
              "OpenAI's stream reported an error ("
                  + type.orElse("unknown")
                  + ")"
                  + (detail.isBlank() ? "" : ": " + detail),
              key);
      return AttemptFailure.transientFault(message, 0, Optional.empty(), usage, null);
    }
    int status = e.statusCode();
    String message = Secrets.redact(Faults.statusMessage(PROVIDER, status, type, detail), key);
    // The SDK exception is not kept as the cause: its message holds the raw response body.
    return Faults.transientStatus(status)
        ? AttemptFailure.transientFault(
            message, status, RetryAfter.from(e.headers()::values, clock), usage, null)
        : AttemptFailure.permanent(message, status, usage, null);
  }

  /** The provider's own explanation: {@code error.message}, or a plain-text body. */
  private static String detail(JsonValue body) {
    try {
      JsonNode node = body.convert(JsonNode.class);
      if (node == null) {
        return "";
      }
      JsonNode error = node.has("error") ? node.get("error") : node;
      String text = error.isTextual() ? error.asText() : error.path("message").asText("");
      return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
