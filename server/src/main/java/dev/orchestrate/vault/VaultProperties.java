package dev.orchestrate.vault;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the vault's master keys come from ({@code orchestrate.vault.*}).
 *
 * @param masterKey the master key versions themselves ({@code ORCHESTRATE_MASTER_KEY}): entries
 *     {@code <version>:<base64 of 32 bytes>} separated by commas or newlines; a bare base64 value
 *     is version 1. The highest version wraps new data keys.
 * @param masterKeyFile a file holding the same ({@code ORCHESTRATE_MASTER_KEY_FILE}), for keys
 *     mounted as files (Docker and Kubernetes secrets). With neither set, the embedded database's
 *     deployment generates one into the data dir ({@value MasterKeySource#GENERATED_FILE}); an
 *     external database's deployment runs without a vault until one is given.
 * @param rewrapBatch how many data keys one rewrap transaction re-wraps
 */
@ConfigurationProperties("orchestrate.vault")
public record VaultProperties(
    String masterKey,
    String masterKeyFile,
    @DefaultValue("" + DEFAULT_REWRAP_BATCH) int rewrapBatch) {

  static final int DEFAULT_REWRAP_BATCH = 100;

  public VaultProperties {
    masterKey = masterKey == null ? "" : masterKey.strip();
    masterKeyFile = masterKeyFile == null ? "" : masterKeyFile.strip();
    rewrapBatch = rewrapBatch < 1 ? DEFAULT_REWRAP_BATCH : rewrapBatch;
  }

  /** Never shows the key, so logging the settings is safe. */
  @Override
  public String toString() {
    return "VaultProperties[masterKey="
        + (masterKey.isEmpty() ? "none" : "***")
        + ", masterKeyFile="
        + (masterKeyFile.isEmpty() ? "none" : masterKeyFile)
        + ", rewrapBatch="
        + rewrapBatch
        + "]";
  }
}
