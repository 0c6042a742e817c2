package dev.orchestrate.vault;

/**
 * One secret version as stored: its value encrypted under its own data key, and that data key
 * wrapped under a master key version. Both carry their GCM tag at the end.
 */
record Sealed(byte[] ciphertext, byte[] nonce, WrappedKey key) {

  /** A data key wrapped under master key {@code masterKeyVersion}. */
  record WrappedKey(byte[] wrapped, byte[] nonce, int masterKeyVersion) {}
}
