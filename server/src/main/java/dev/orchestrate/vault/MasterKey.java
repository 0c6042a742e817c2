package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One version of the deployment's master key: 32 bytes that wrap data keys, never stored in the
 * database. The database knows each version by its {@link #fingerprint()} alone.
 */
final class MasterKey {

  static final int BYTES = 32;

  /** HMAC label of the fingerprint: fixed, so every instance computes the same for a key. */
  private static final byte[] FINGERPRINT_LABEL =
      "orchestrate vault master key fingerprint v1".getBytes(UTF_8);

  private final int version;
  private final SecretKeySpec key;
  private final String fingerprint;

  /** Takes a copy of {@code bytes}; the caller clears its own. */
  MasterKey(int version, byte[] bytes) {
    if (version < 1) {
      throw new IllegalArgumentException("a master key version is a positive number");
    }
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a master key is 32 bytes");
    }
    this.version = version;
    this.key = new SecretKeySpec(bytes, "AES");
    this.fingerprint = fingerprintOf(bytes);
  }

  int version() {
    return version;
  }

  /** HMAC-SHA256 of a fixed label under the key, in hex: names the key without revealing it. */
  String fingerprint() {
    return fingerprint;
  }

  /** The first characters of the fingerprint, enough for a person to tell keys apart. */
  String shortFingerprint() {
    return fingerprint.substring(0, 8) + "…";
  }

  SecretKeySpec key() {
    return key;
  }

  private static String fingerprintOf(byte[] bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[version=" + version + ", fingerprint=" + shortFingerprint() + "]";
  }
}
