package dev.orchestrate.vault;

import org.springframework.boot.ExitCodeGenerator;

/**
 * This instance must not start: its master keys are missing, malformed or not the ones the
 * database's secrets were encrypted with. Reported by {@link VaultFailureAnalyzer} in two short
 * paragraphs (what is wrong, what to set) instead of a stack trace; the process exits with {@link
 * #EXIT_CODE}.
 */
class VaultStartupException extends RuntimeException implements ExitCodeGenerator {

  /** EX_CONFIG of sysexits.h: a configuration error. */
  static final int EXIT_CODE = 78;

  private final String action;

  VaultStartupException(String description, String action) {
    super(description);
    this.action = action;
  }

  /** What the operator should do about it. */
  String action() {
    return action;
  }

  @Override
  public int getExitCode() {
    return EXIT_CODE;
  }
}
