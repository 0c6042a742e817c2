package dev.orchestrate.vault;

/**
 * This instance must not start: its master keys are missing, malformed or not the ones the
 * database's secrets were encrypted with. Reported by {@link VaultFailureAnalyzer} in two short
 * paragraphs (what is wrong, what to set) instead of a stack trace; the process then exits with
 * status 1, as for any failed start. (Not an {@code ExitCodeGenerator}: Spring Boot would announce
 * that exit code through the context the failure just closed, and log a stack trace doing so.)
 */
class VaultStartupException extends RuntimeException {

  private final String action;

  VaultStartupException(String description, String action) {
    super(description);
    this.action = action;
  }

  /** What the operator should do about it. */
  String action() {
    return action;
  }
}
