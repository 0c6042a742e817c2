package dev.orchestrate.vault;

import java.util.List;

/**
 * The master keys this instance holds, checked against the database at start ({@link
 * MasterKeyCheck}). Without any, the vault is unavailable: storing or reading a secret answers 503
 * saying what to set.
 */
final class MasterKeys {

  private final MasterKeyRing ring;
  private final String source;

  MasterKeys(MasterKeyRing ring, String source) {
    this.ring = ring;
    this.source = source;
  }

  boolean available() {
    return !ring.isEmpty();
  }

  /** Where the keys came from, for messages ({@code ORCHESTRATE_MASTER_KEY}, a file). */
  String source() {
    return source;
  }

  /** The version new data keys are wrapped under. */
  MasterKey newest() {
    return ring.newest().orElseThrow(MasterKeys::noKey);
  }

  /** The key a stored data key was wrapped under. */
  MasterKey version(int version) {
    if (ring.isEmpty()) {
      throw noKey();
    }
    return ring.version(version)
        .orElseThrow(
            () ->
                new VaultUnavailableException(
                    "This instance does not have master key version "
                        + version
                        + ", which the secret was encrypted under. Add `"
                        + version
                        + ":<key>` to "
                        + MasterKeySource.KEY_VARIABLE
                        + " or "
                        + MasterKeySource.FILE_VARIABLE
                        + " and restart it."));
  }

  List<MasterKey> all() {
    return ring.all();
  }

  private static VaultUnavailableException noKey() {
    return new VaultUnavailableException(
        "This instance has no master key, so it can neither store nor read secrets. Set "
            + MasterKeySource.KEY_VARIABLE
            + " to `1:<base64 of 32 random bytes>` (for example `1:` followed by the output of"
            + " `openssl rand -base64 32`), or "
            + MasterKeySource.FILE_VARIABLE
            + " to a file holding it, and restart.");
  }
}
