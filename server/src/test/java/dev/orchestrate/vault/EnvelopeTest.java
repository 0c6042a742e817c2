package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Envelope encryption on its own: what is sealed for one slot opens there and nowhere else, and a
 * rewrap changes the key's wrapping without changing what it opens.
 */
class EnvelopeTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] VALUE = "sk-ant-canary-7f3c9e".getBytes(UTF_8);

  private final Envelope envelope = new Envelope(RANDOM);
  private final MasterKey v1 = key(1);
  private final MasterKey v2 = key(2);
  private final SecretSlot slot = new SecretSlot(UUID.randomUUID(), "anthropic_api_key", 3);

  @Test
  void whatIsSealedOpensInItsSlotAndTheCiphertextDoesNotShowTheValue() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);

    assertThat(envelope.open(slot, sealed, v1)).isEqualTo(VALUE);
    assertThat(sealed.key().masterKeyVersion()).isEqualTo(1);
    assertThat(sealed.nonce()).hasSize(12);
    assertThat(sealed.key().nonce()).hasSize(12);
    assertThat(sealed.ciphertext()).hasSize(VALUE.length + 16);
    assertThat(sealed.key().wrapped()).hasSize(32 + 16);
    assertThat(new String(sealed.ciphertext(), UTF_8)).doesNotContain("canary");
  }

  @Test
  void everySealingUsesItsOwnDataKeyAndNonces() {
    Sealed first = envelope.seal(slot, VALUE, v1);
    Sealed second = envelope.seal(slot, VALUE, v1);

    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    assertThat(first.nonce()).isNotEqualTo(second.nonce());
    assertThat(first.key().wrapped()).isNotEqualTo(second.key().wrapped());
  }

  @Test
  void aChangedByteAnywhereStopsItFromOpening() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);

    assertUndecryptable(
        new Sealed(flipped(sealed.ciphertext(), 0), sealed.nonce(), sealed.key()), slot);
    assertUndecryptable(
        new Sealed(
            flipped(sealed.ciphertext(), sealed.ciphertext().length - 1),
            sealed.nonce(),
            sealed.key()),
        slot); // the tag
    assertUndecryptable(
        new Sealed(sealed.ciphertext(), flipped(sealed.nonce(), 5), sealed.key()), slot);
    var key = sealed.key();
    assertUndecryptable(
        new Sealed(
            sealed.ciphertext(),
            sealed.nonce(),
            new Sealed.WrappedKey(flipped(key.wrapped(), 7), key.nonce(), 1)),
        slot);
    assertUndecryptable(
        new Sealed(
            sealed.ciphertext(),
            sealed.nonce(),
            new Sealed.WrappedKey(key.wrapped(), flipped(key.nonce(), 0), 1)),
        slot);
  }

  @Test
  void aSealedValueMovedToAnotherVersionNameOrWorkspaceDoesNotOpenThere() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);

    assertUndecryptable(
        sealed, new SecretSlot(slot.workspaceId(), slot.name(), slot.version() + 1));
    assertUndecryptable(sealed, new SecretSlot(slot.workspaceId(), "openai_api_key", 3));
    assertUndecryptable(sealed, new SecretSlot(UUID.randomUUID(), slot.name(), 3));
  }

  @Test
  void aCiphertextOrAWrappedKeySwappedBetweenTwoSecretsOpensNeither() {
    SecretSlot other = new SecretSlot(slot.workspaceId(), "openai_api_key", 1);
    Sealed mine = envelope.seal(slot, VALUE, v1);
    Sealed theirs = envelope.seal(other, "sk-openai-other".getBytes(UTF_8), v1);

    // Another row's wrapped key with my ciphertext, and my wrapped key moved to their row.
    assertUndecryptable(new Sealed(mine.ciphertext(), mine.nonce(), theirs.key()), slot);
    assertUndecryptable(new Sealed(theirs.ciphertext(), theirs.nonce(), mine.key()), other);
    // Their whole row copied under my name.
    assertUndecryptable(theirs, slot);
  }

  @Test
  void aWrappedKeyClaimingAnotherMasterKeyVersionDoesNotOpenUnderThatVersion() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);
    // Same bytes relabelled as version 2: the associated data names version 1, so even the real
    // version 1 key cannot open it when it is presented as version 2's.
    MasterKey v1Relabelled = new MasterKey(2, bytesOf(v1));
    var relabelled = new Sealed.WrappedKey(sealed.key().wrapped(), sealed.key().nonce(), 2);

    assertThatThrownBy(
            () ->
                envelope.open(
                    slot,
                    new Sealed(sealed.ciphertext(), sealed.nonce(), relabelled),
                    v1Relabelled))
        .isInstanceOf(UndecryptableSecretException.class);
  }

  @Test
  void anotherMasterKeyOfTheSameVersionDoesNotOpenIt() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);

    assertThatThrownBy(() -> envelope.open(slot, sealed, key(1)))
        .isInstanceOf(UndecryptableSecretException.class)
        .hasMessageContaining("anthropic_api_key")
        .hasMessageNotContaining("canary");
  }

  @Test
  void rewrappingMovesTheDataKeyToTheNewMasterKeyAndLeavesTheValueAsItWas() {
    Sealed sealed = envelope.seal(slot, VALUE, v1);

    Sealed.WrappedKey moved = envelope.rewrap(slot, sealed.key(), v1, v2);
    Sealed rewrapped = new Sealed(sealed.ciphertext(), sealed.nonce(), moved);

    assertThat(moved.masterKeyVersion()).isEqualTo(2);
    assertThat(envelope.open(slot, rewrapped, v2)).isEqualTo(VALUE);
    assertThatThrownBy(() -> envelope.rewrap(slot, moved, v1, v2))
        .isInstanceOf(IllegalArgumentException.class);
    // The old master key, even presented as version 2, does not unwrap it.
    assertThatThrownBy(() -> envelope.open(slot, rewrapped, new MasterKey(2, bytesOf(v1))))
        .isInstanceOf(UndecryptableSecretException.class);
  }

  @Test
  void theFingerprintIsStableForAKeyAndDiffersBetweenKeys() {
    assertThat(v1.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(new MasterKey(1, bytesOf(v1)).fingerprint()).isEqualTo(v1.fingerprint());
    assertThat(new MasterKey(7, bytesOf(v1)).fingerprint()).isEqualTo(v1.fingerprint());
    assertThat(v2.fingerprint()).isNotEqualTo(v1.fingerprint());
    assertThat(v1.toString()).doesNotContain(Arrays.toString(bytesOf(v1)));
  }

  private void assertUndecryptable(Sealed sealed, SecretSlot at) {
    assertThatThrownBy(() -> envelope.open(at, sealed, v1))
        .isInstanceOf(UndecryptableSecretException.class);
  }

  private static byte[] flipped(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  private static MasterKey key(int version) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new MasterKey(version, bytes);
  }

  private static byte[] bytesOf(MasterKey key) {
    return key.key().getEncoded();
  }
}
