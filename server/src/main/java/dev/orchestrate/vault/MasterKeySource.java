package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orchestrate.database.DatabaseProperties;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this instance's master keys: {@code ORCHESTRATE_MASTER_KEY}, else the file {@code
 * ORCHESTRATE_MASTER_KEY_FILE} names, else (with the embedded database, where the data dir is the
 * whole deployment) a key generated into the data dir on first start. With an external database and
 * neither setting there is no key: secrets can then be neither stored nor read.
 */
final class MasterKeySource {

  static final String GENERATED_FILE = "master.key";
  static final String KEY_VARIABLE = "ORCHESTRATE_MASTER_KEY";
  static final String FILE_VARIABLE = "ORCHESTRATE_MASTER_KEY_FILE";

  private static final Logger log = LoggerFactory.getLogger(MasterKeySource.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private MasterKeySource() {}

  /** The keys this instance was given, and where from (for messages). */
  record Loaded(MasterKeyRing ring, String source) {}

  static Loaded load(VaultProperties vault, DatabaseProperties database, SecureRandom random) {
    if (!vault.masterKey().isEmpty() && !vault.masterKeyFile().isEmpty()) {
      throw new VaultStartupException(
          "Both " + KEY_VARIABLE + " and " + FILE_VARIABLE + " are set.",
          "Set only one of them: the master key versions, or the file that holds them.");
    }
    if (!vault.masterKey().isEmpty()) {
      return new Loaded(MasterKeyRing.parse(vault.masterKey(), KEY_VARIABLE), KEY_VARIABLE);
    }
    if (!vault.masterKeyFile().isEmpty()) {
      Path file = Path.of(vault.masterKeyFile());
      String source = FILE_VARIABLE + " (" + file + ")";
      return new Loaded(MasterKeyRing.parse(read(file, source), source), source);
    }
    if (database.external()) {
      return new Loaded(MasterKeyRing.empty(), "no master key");
    }
    Path file = database.dataDir().resolve(GENERATED_FILE);
    generateIfMissing(file, random);
    String source = "the generated master key file " + file;
    return new Loaded(MasterKeyRing.parse(read(file, source), source), source);
  }

  private static String read(Path file, String source) {
    try {
      warnIfOthersCanRead(file);
      return Files.readString(file, UTF_8);
    } catch (NoSuchFileException e) {
      throw new VaultStartupException(
          source + " does not exist.",
          "Point " + FILE_VARIABLE + " at the file that holds the master key versions.");
    } catch (IOException e) {
      throw new VaultStartupException(
          source + " cannot be read (" + e.getClass().getSimpleName() + ").",
          "Make the file readable by the user the service runs as, and by nobody else.");
    }
  }

  private static void warnIfOthersCanRead(Path file) throws IOException {
    try {
      var permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
        log.warn(
            "The vault's master key file {} can be read by others than its owner ({}); chmod 600 it",
            file,
            PosixFilePermissions.toString(permissions));
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
  }

  /** Writes {@code 1:<32 random bytes>} to {@code file} unless it exists. */
  private static void generateIfMissing(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      return;
    }
    byte[] key = new byte[MasterKey.BYTES];
    random.nextBytes(key);
    byte[] line = ("1:" + Base64.getEncoder().encodeToString(key) + "\n").getBytes(UTF_8);
    Arrays.fill(key, (byte) 0);
    try {
      if (createOnce(file, line)) {
        log.warn(
            "Generated the vault's master key in {}. Back this file up with the database: without"
                + " it no stored secret can be decrypted. To manage the key yourself, set {} or {}.",
            file,
            KEY_VARIABLE,
            FILE_VARIABLE);
      } else {
        log.debug("Another process generated the master key first");
      }
    } catch (IOException e) {
      throw new VaultStartupException(
          "The vault's master key could not be generated in " + file + ".",
          "Make the data dir writable, or set " + KEY_VARIABLE + " or " + FILE_VARIABLE + ".");
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  /**
   * Creates {@code file} (owner-only) holding {@code content}, unless it exists: the content goes
   * to a private temporary file first and appears under its name by a hard link, which never
   * replaces a file. Of two processes starting at once, one creates it and both read that one.
   *
   * @return whether this call created it
   */
  static boolean createOnce(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir, ".master-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.write(temp, content);
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
