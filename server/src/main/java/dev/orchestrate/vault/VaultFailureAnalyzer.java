package dev.orchestrate.vault;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Tells an operator why the vault stopped the start in their terms: which master key version is
 * missing or wrong and what to set. Spring Boot then prints this instead of the stack trace.
 */
class VaultFailureAnalyzer extends AbstractFailureAnalyzer<VaultStartupException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, VaultStartupException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
