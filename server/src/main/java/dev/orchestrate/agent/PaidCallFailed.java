package dev.orchestrate.agent;

import dev.orchestrate.llm.LlmException;

/** A model call failed; what the provider reported before failing must still be settled. */
public class PaidCallFailed extends RuntimeException {

  private final transient PaidCall call;

  public PaidCallFailed(LlmException failure, PaidCall call) {
    super(failure.getMessage(), failure);
    this.call = call;
  }

  public LlmException failure() {
    return (LlmException) getCause();
  }

  public PaidCall call() {
    return call;
  }
}
