package dev.orchestrate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.database.DatabaseProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an instance's master keys come from, by setting and by kind of database. */
class MasterKeySourceTest {

  @TempDir Path dataDir;

  @Test
  void processesStartingAtOnceOnTheEmbeddedDatabaseAllGetTheOneKeyThatWasWritten()
      throws Exception {
    int starting = 16;
    var ready = new CountDownLatch(starting);
    List<Future<String>> fingerprints = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(starting)) {
      for (int i = 0; i < starting; i++) {
        fingerprints.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  var loaded = MasterKeySource.load(none(), embedded(), new SecureRandom());
                  return loaded.ring().newest().orElseThrow().fingerprint();
                }));
      }
    }
    List<String> seen = new ArrayList<>();
    for (Future<String> fingerprint : fingerprints) {
      seen.add(fingerprint.get());
    }

    assertThat(seen).hasSize(starting).containsOnly(seen.getFirst());
    Path file = dataDir.resolve("master.key");
    assertThat(Files.getPosixFilePermissions(file).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    try (var files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("master.key");
    }
    assertThat(
            MasterKeyRing.parse(Files.readString(file), "x").newest().orElseThrow().fingerprint())
        .isEqualTo(seen.getFirst());
  }

  @Test
  void aKeyFileOnceWrittenIsNeverReplacedByASecondWriter() throws Exception {
    Path file = dataDir.resolve("master.key");

    // The second writer is a process that found no file a moment ago and generated its own key.
    assertThat(MasterKeySource.createOnce(file, "1:first\n".getBytes())).isTrue();
    assertThat(MasterKeySource.createOnce(file, "1:second\n".getBytes())).isFalse();

    assertThat(Files.readString(file)).isEqualTo("1:first\n");
    assertThat(Files.getPosixFilePermissions(file).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    try (var files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("master.key");
    }
  }

  @Test
  void anExternalDatabaseWithNoKeySettingHasNoKeyAndGeneratesNone() {
    var loaded = MasterKeySource.load(none(), external(), new SecureRandom());

    assertThat(loaded.ring().isEmpty()).isTrue();
    assertThat(dataDir.resolve("master.key")).doesNotExist();
  }

  @Test
  void aKeyFileIsReadAndAMissingOneOrBothSettingsStopTheStart() throws Exception {
    Path file = dataDir.resolve("keys");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(file, "3:" + java.util.Base64.getEncoder().encodeToString(key) + "\n");

    var loaded =
        MasterKeySource.load(
            new VaultProperties(null, file.toString(), 0), external(), new SecureRandom());
    assertThat(loaded.ring().newest().orElseThrow().version()).isEqualTo(3);
    assertThat(loaded.source()).contains("ORCHESTRATE_MASTER_KEY_FILE").contains(file.toString());

    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    new VaultProperties(null, dataDir.resolve("gone").toString(), 0),
                    embedded(),
                    new SecureRandom()))
        .isInstanceOf(VaultStartupException.class)
        .hasMessageContaining("gone")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    new VaultProperties("1:abc", file.toString(), 0),
                    embedded(),
                    new SecureRandom()))
        .isInstanceOf(VaultStartupException.class)
        .hasMessageContaining("Both ORCHESTRATE_MASTER_KEY and ORCHESTRATE_MASTER_KEY_FILE");
    assertThat(dataDir.resolve("master.key")).doesNotExist();
  }

  private static VaultProperties none() {
    return new VaultProperties(null, null, 0);
  }

  private DatabaseProperties embedded() {
    return new DatabaseProperties(
        dataDir, null, "postgres", null, null, 0, 5, 5, Duration.ofSeconds(5));
  }

  private DatabaseProperties external() {
    return new DatabaseProperties(
        dataDir, "jdbc:postgresql://db/x", "postgres", null, null, 0, 5, 5, Duration.ofSeconds(5));
  }
}
