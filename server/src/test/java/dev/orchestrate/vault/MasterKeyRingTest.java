package dev.orchestrate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** How the master key settings are read, and that a mistake in them never shows the key. */
class MasterKeyRingTest {

  private static final String K1 = randomKey();
  private static final String K2 = randomKey();

  @Test
  void aBareKeyIsVersionOne() {
    MasterKeyRing ring = MasterKeyRing.parse(K1, "ORCHESTRATE_MASTER_KEY");

    assertThat(ring.all()).extracting(MasterKey::version).containsExactly(1);
    assertThat(ring.newest().orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void versionsSeparatedByCommasOrLinesAndTheHighestIsNewest() {
    MasterKeyRing commas = MasterKeyRing.parse("2:" + K2 + ", 1:" + K1, "ORCHESTRATE_MASTER_KEY");
    MasterKeyRing lines =
        MasterKeyRing.parse("# rotated in May\n1:" + K1 + "\r\n\n2:" + K2 + "\n", "a file");

    for (MasterKeyRing ring : new MasterKeyRing[] {commas, lines}) {
      assertThat(ring.all()).extracting(MasterKey::version).containsExactly(1, 2);
      assertThat(ring.newest().orElseThrow().version()).isEqualTo(2);
      assertThat(ring.version(1).orElseThrow().fingerprint())
          .isEqualTo(MasterKeyRing.parse(K1, "x").newest().orElseThrow().fingerprint());
    }
  }

  @Test
  void mistakesNameTheEntryAndTheSettingButNeverTheKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    String[][] cases = {
      {"1:" + K1 + ",1:" + K2, "gives master key version 1 twice"},
      {"1:" + K1 + "," + K2, "Entry 2 of ORCHESTRATE_MASTER_KEY has no version"},
      {"v2:" + K2, "does not start with a version number"},
      {"0:" + K1, "does not start with a version number"},
      {"1:" + K1 + "!", "is not base64"},
      {"1:" + shortKey, "is 16 bytes long; a master key is 32 bytes"},
      {" \n# nothing\n", "holds no master key"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> MasterKeyRing.parse(c[0], "ORCHESTRATE_MASTER_KEY"))
          .as(c[1])
          .isInstanceOf(VaultStartupException.class)
          .hasMessageContaining(c[1])
          .hasMessageNotContaining(K1)
          .hasMessageNotContaining(K2)
          .hasMessageNotContaining(shortKey)
          .satisfies(e -> assertThat(((VaultStartupException) e).action()).isNotBlank());
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
