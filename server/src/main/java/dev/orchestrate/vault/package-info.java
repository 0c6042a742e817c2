/**
 * The secret vault: workspace secrets encrypted under per-version data keys that a versioned master
 * key wraps (envelope encryption). Values are write-only through the API; the engine reads them
 * through {@link dev.orchestrate.vault.SecretReader}, and every read is audited.
 */
package dev.orchestrate.vault;
