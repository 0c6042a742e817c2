package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption with AES-256-GCM: each secret version gets a fresh random data key that
 * encrypts its value, and the data key is wrapped under a master key. The associated data binds the
 * value to its workspace, name and version, and the wrapped key to the same plus its master key
 * version, so ciphertext or a wrapped key copied to another row does not decrypt there. Rotation
 * re-wraps data keys without touching (or seeing) the values.
 */
final class Envelope {

  static final int DATA_KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;

  private static final String VALUE_PURPOSE = "orchestrate/secret-value/v1";
  private static final String KEY_PURPOSE = "orchestrate/data-key/v1";

  private final SecureRandom random;

  Envelope(SecureRandom random) {
    this.random = random;
  }

  /** Encrypts {@code plaintext} for {@code slot} under a new data key wrapped by {@code master}. */
  Sealed seal(SecretSlot slot, byte[] plaintext, MasterKey master) {
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      byte[] nonce = nonce();
      byte[] ciphertext = encrypt(aes(dataKey), nonce, valueData(slot), plaintext);
      return new Sealed(ciphertext, nonce, wrap(slot, dataKey, master));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Decrypts what {@link #seal} made for the same slot; the caller clears the answer when done.
   *
   * @throws UndecryptableSecretException when anything was altered or moved from another slot, or
   *     {@code master} is not the version the data key was wrapped under
   */
  byte[] open(SecretSlot slot, Sealed sealed, MasterKey master) {
    byte[] dataKey = unwrap(slot, sealed.key(), master);
    try {
      return decrypt(aes(dataKey), sealed.nonce(), valueData(slot), sealed.ciphertext());
    } catch (AEADBadTagException e) {
      throw new UndecryptableSecretException(slot, "its value");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The same data key wrapped under {@code to} instead of {@code from}; the value stays as is. */
  Sealed.WrappedKey rewrap(
      SecretSlot slot, Sealed.WrappedKey wrapped, MasterKey from, MasterKey to) {
    byte[] dataKey = unwrap(slot, wrapped, from);
    try {
      return wrap(slot, dataKey, to);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private Sealed.WrappedKey wrap(SecretSlot slot, byte[] dataKey, MasterKey master) {
    byte[] nonce = nonce();
    byte[] wrapped = encrypt(master.key(), nonce, keyData(slot, master.version()), dataKey);
    return new Sealed.WrappedKey(wrapped, nonce, master.version());
  }

  private byte[] unwrap(SecretSlot slot, Sealed.WrappedKey wrapped, MasterKey master) {
    if (wrapped.masterKeyVersion() != master.version()) {
      throw new IllegalArgumentException(
          "data key wrapped under version "
              + wrapped.masterKeyVersion()
              + ", not "
              + master.version());
    }
    try {
      byte[] dataKey =
          decrypt(
              master.key(), wrapped.nonce(), keyData(slot, master.version()), wrapped.wrapped());
      if (dataKey.length != DATA_KEY_BYTES) {
        Arrays.fill(dataKey, (byte) 0);
        throw new UndecryptableSecretException(slot, "its data key");
      }
      return dataKey;
    } catch (AEADBadTagException e) {
      throw new UndecryptableSecretException(slot, "its data key");
    }
  }

  private byte[] nonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  private static SecretKeySpec aes(byte[] key) {
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] encrypt(
      SecretKeySpec key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** Fails with {@link AEADBadTagException} when the tag does not verify. */
  private static byte[] decrypt(
      SecretKeySpec key, byte[] nonce, byte[] associatedData, byte[] ciphertext)
      throws AEADBadTagException {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData);
    return cipher;
  }

  private static byte[] valueData(SecretSlot slot) {
    return associatedData(VALUE_PURPOSE, slot, 0);
  }

  private static byte[] keyData(SecretSlot slot, int masterKeyVersion) {
    return associatedData(KEY_PURPOSE, slot, masterKeyVersion);
  }

  /** Length-prefixed fields, so no two different slots can ever give the same bytes. */
  private static byte[] associatedData(String purpose, SecretSlot slot, int masterKeyVersion) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      writeField(out, purpose.getBytes(UTF_8));
      writeField(out, slot.workspaceId().toString().getBytes(UTF_8));
      writeField(out, slot.name().getBytes(UTF_8));
      out.writeInt(slot.version());
      out.writeInt(masterKeyVersion);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeField(DataOutputStream out, byte[] field) throws IOException {
    out.writeInt(field.length);
    out.write(field);
  }
}
