package dev.orchestrate.agent;

import java.time.Instant;
import java.util.UUID;

/**
 * Which execution a model call belongs to, if any. A workspace's own provider key (the secrets
 * {@code anthropic_api_key}, {@code openai_api_key}) is read as it was when that execution started,
 * so replacing the key does not change a run already going; a call outside an execution reads the
 * current one.
 *
 * @param executionId the execution, or null for a direct invocation
 * @param secretsAsOf the execution's start, or null for the current secrets
 */
public record CallScope(UUID executionId, Instant secretsAsOf) {

  /** A call of the API's own ({@code /orchestrate/agent/invoke}). */
  public static final CallScope OUTSIDE_EXECUTION = new CallScope(null, null);
}
