package dev.orchestrate.vault;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How the engine and the MCP registry read workspace secrets. Callers run with the workspace's
 * tenant (or open a transaction for it); implementations join or open their own.
 */
public interface SecretReader {

  /**
   * Decrypts the newest version of the secret created at or before {@code use.asOf()}, records a
   * {@code secret.accessed} audit entry (name, version, purpose, execution; never the value) and
   * the secret's {@code last_used_at}.
   *
   * @return empty when the workspace has no such secret (at that time)
   * @throws VaultUnavailableException when this instance has no master key to decrypt with
   */
  Optional<SecretValue> read(UUID workspaceId, String name, SecretUse use);

  /**
   * The version of each named secret in effect at {@code asOf} (null: now), without decrypting or
   * auditing anything; names with no secret are absent. Used to tell whether a running MCP client
   * was started with the values an execution should see.
   */
  Map<String, Integer> versions(UUID workspaceId, Collection<String> names, Instant asOf);
}
