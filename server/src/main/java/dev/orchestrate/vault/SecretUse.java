package dev.orchestrate.vault;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Why the engine reads a secret, for the {@code secret.accessed} audit entry, and which version it
 * may see.
 *
 * @param purpose what the value is for, in a few words ({@code mcp:firecrawl}, {@code
 *     llm:anthropic})
 * @param executionId the execution that reads it, or null outside one (an API tool call)
 * @param asOf the newest version created at or before this instant is read, so a running execution
 *     keeps the versions it started with; null reads the current version
 */
public record SecretUse(String purpose, UUID executionId, Instant asOf) {

  public SecretUse {
    Objects.requireNonNull(purpose, "purpose");
  }

  /** A read outside an execution, of the current version. */
  public static SecretUse now(String purpose) {
    return new SecretUse(purpose, null, null);
  }
}
