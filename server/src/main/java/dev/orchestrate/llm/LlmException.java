package dev.orchestrate.llm;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;

/**
 * A call that did not finish. Its message is shown to people: it names the provider and what went
 * wrong, never a key. {@link #billedUsage()} is what the provider reported before the failure,
 * which is still charged.
 */
public class LlmException extends OrchestrateException {

  /** Why a call failed; the names are the contract's error codes. */
  public enum Code {
    PROVIDER_ERROR("provider_error"),
    TIMEOUT("timeout"),
    CANCELLED("cancelled");

    private final String wire;

    Code(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  private final Code code;
  private final String provider;
  private final int httpStatus;
  private final Usage billedUsage;

  public LlmException(
      Code code,
      String provider,
      int httpStatus,
      String message,
      Usage billedUsage,
      Throwable cause) {
    super(kindOf(code), message, java.util.List.of(), cause);
    this.code = code;
    this.provider = provider;
    this.httpStatus = httpStatus;
    this.billedUsage = billedUsage == null ? Usage.NONE : billedUsage;
  }

  private static ErrorKind kindOf(Code code) {
    return switch (code) {
      case PROVIDER_ERROR -> ErrorKind.BAD_GATEWAY;
      case TIMEOUT -> ErrorKind.GATEWAY_TIMEOUT;
      case CANCELLED -> ErrorKind.CONFLICT;
    };
  }

  public Code code() {
    return code;
  }

  public String provider() {
    return provider;
  }

  /** The provider's HTTP status, or 0 when there was none (connection fault, timeout). */
  public int httpStatus() {
    return httpStatus;
  }

  public Usage billedUsage() {
    return billedUsage;
  }
}
