package dev.orchestrate.llm;

/** How one attempt ended, as the calling thread saw it. */
sealed interface AttemptOutcome {

  /** What the provider reported for this attempt (billed whatever the outcome). */
  Usage usage();

  record Succeeded(LlmResponse response) implements AttemptOutcome {
    @Override
    public Usage usage() {
      return response.usage();
    }
  }

  record Failed(AttemptFailure failure) implements AttemptOutcome {
    @Override
    public Usage usage() {
      return failure.usage();
    }
  }

  /** The call's deadline passed during the attempt; its stream was closed. */
  record TimedOut(Usage usage) implements AttemptOutcome {}

  /** The caller cancelled during the attempt; its stream was closed. */
  record Cancelled(Usage usage) implements AttemptOutcome {}
}
