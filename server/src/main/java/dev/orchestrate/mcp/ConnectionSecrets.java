package dev.orchestrate.mcp;

import dev.orchestrate.vault.SecretReader;
import dev.orchestrate.vault.SecretUse;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The secrets a connection names, through the vault: their versions (to key clients, nothing
 * decrypted) and, when a client starts, their values, each read audited as {@code mcp:<name>}.
 */
@Component
class ConnectionSecrets {

  private final SecretReader vault;

  ConnectionSecrets(SecretReader vault) {
    this.vault = vault;
  }

  Map<String, Integer> versions(UUID workspaceId, Collection<String> names, Instant asOf) {
    return names.isEmpty() ? Map.of() : vault.versions(workspaceId, names, asOf);
  }

  /** The values of the named secrets that exist at {@code asOf}, by name. */
  Map<String, String> read(
      UUID workspaceId,
      String connection,
      Collection<String> names,
      UUID executionId,
      Instant asOf) {
    Map<String, String> values = new LinkedHashMap<>();
    SecretUse use = new SecretUse("mcp:" + connection, executionId, asOf);
    for (String name : names) {
      vault.read(workspaceId, name, use).ifPresent(secret -> values.put(name, secret.value()));
    }
    return values;
  }
}
