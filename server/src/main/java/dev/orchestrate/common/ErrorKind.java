package dev.orchestrate.common;

/** The kinds of failure a caller can act on, each with its HTTP status and problem type. */
public enum ErrorKind {
  BAD_REQUEST(400, "bad-request", "Malformed request"),
  UNAUTHORIZED(401, "unauthorized", "Not signed in"),
  INSUFFICIENT_CREDITS(402, "insufficient-credits", "Not enough credits"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  CONFLICT(409, "conflict", "Conflict"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  INVALID(422, "validation", "Invalid request"),
  RATE_LIMITED(429, "rate-limited", "Too many requests"),
  /** A model provider or tool server failed. */
  BAD_GATEWAY(502, "provider-error", "Upstream provider failed"),
  /** This instance cannot do it now (no master key, a dependency down); another may. */
  UNAVAILABLE(503, "unavailable", "Service unavailable"),
  /** A model provider or tool server did not answer in time. */
  GATEWAY_TIMEOUT(504, "timeout", "Upstream provider timed out");

  private final int status;
  private final String slug;
  private final String title;

  ErrorKind(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  /** The kind of an HTTP status, for errors raised by the framework rather than by us. */
  public static java.util.Optional<ErrorKind> ofStatus(int status) {
    return java.util.Arrays.stream(values()).filter(k -> k.status == status).findFirst();
  }

  public int status() {
    return status;
  }

  /** The last segment of the problem's {@code type} URI. */
  public String slug() {
    return slug;
  }

  /**
   * The machine-readable error code of the contract ({@code insufficient_credits}, {@code
   * provider_error}, {@code timeout}, {@code validation_failed} …).
   */
  public String code() {
    return this == INVALID ? "validation_failed" : slug.replace('-', '_');
  }

  public String title() {
    return title;
  }
}
