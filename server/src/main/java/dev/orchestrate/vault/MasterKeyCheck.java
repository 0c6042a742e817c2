package dev.orchestrate.vault;

import dev.orchestrate.database.Tenancy;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares this instance's master keys with the versions the database records, before the service
 * takes any work: a key that does not match its recorded fingerprint, or a recorded version this
 * instance lacks, stops the start with what to set, instead of failing on the first read. Only when
 * all is well are the instance's new versions recorded, so a misconfigured instance leaves no trace
 * that would stop the others.
 */
final class MasterKeyCheck {

  private static final Logger log = LoggerFactory.getLogger(MasterKeyCheck.class);

  private MasterKeyCheck() {}

  static MasterKeys verify(
      MasterKeySource.Loaded loaded, MasterKeyRecords records, Tenancy tenancy) {
    return tenancy.inSystemTransaction(
        "check master keys",
        () -> {
          records.lockForStartup();
          Map<Integer, MasterKeyRecords.Recorded> recorded =
              records.all().stream()
                  .collect(
                      Collectors.toMap(MasterKeyRecords.Recorded::version, Function.identity()));
          MasterKeyRing ring = loaded.ring();
          for (MasterKey key : ring.all()) {
            var known = recorded.get(key.version());
            if (known != null && !known.fingerprint().equals(key.fingerprint())) {
              throw mismatch(key, known, loaded.source());
            }
          }
          List<MasterKeyRecords.Recorded> missing =
              recorded.values().stream()
                  .filter(r -> !r.retired() && ring.version(r.version()).isEmpty())
                  .sorted(Comparator.comparingInt(MasterKeyRecords.Recorded::version))
                  .toList();
          if (!missing.isEmpty()) {
            throw missing(missing);
          }
          ring.newest()
              .map(newest -> recorded.get(newest.version()))
              .filter(MasterKeyRecords.Recorded::retired)
              .ifPresent(
                  retired -> {
                    throw new VaultStartupException(
                        "Master key version "
                            + retired.version()
                            + ", the newest this instance was given, is retired: new secrets would be"
                            + " encrypted under a key the deployment no longer keeps.",
                        "Give this instance the newer master key version the other instances use"
                            + " (in "
                            + MasterKeySource.KEY_VARIABLE
                            + " or "
                            + MasterKeySource.FILE_VARIABLE
                            + ").");
                  });
          for (MasterKey key : ring.all()) {
            if (!recorded.containsKey(key.version())) {
              records.record(key);
              log.info(
                  "Recorded vault master key version {} (fingerprint {})",
                  key.version(),
                  key.shortFingerprint());
            } else if (recorded.get(key.version()).retired()) {
              log.info(
                  "Vault master key version {} is retired; it may be removed from {}",
                  key.version(),
                  loaded.source());
            }
          }
          if (ring.isEmpty()) {
            log.warn(
                "The vault has no master key: secrets can be neither stored nor read. Set {} or {}.",
                MasterKeySource.KEY_VARIABLE,
                MasterKeySource.FILE_VARIABLE);
          } else {
            log.info(
                "Vault master key versions {} from {}; new secrets use version {}",
                ring.all().stream().map(MasterKey::version).toList(),
                loaded.source(),
                ring.newest().orElseThrow().version());
          }
          return new MasterKeys(ring, loaded.source());
        });
  }

  private static VaultStartupException mismatch(
      MasterKey key, MasterKeyRecords.Recorded known, String source) {
    return new VaultStartupException(
        "Master key version "
            + key.version()
            + " does not match the one this database was encrypted with: the database records"
            + " fingerprint "
            + known.shortFingerprint()
            + ", the key from "
            + source
            + " has "
            + key.shortFingerprint()
            + ".",
        "Give this instance the same version "
            + key.version()
            + " key the secrets were stored with (restore it from your backup if it was lost). A"
            + " new key must take a new version number.");
  }

  private static VaultStartupException missing(List<MasterKeyRecords.Recorded> missing) {
    String versions =
        missing.stream()
            .map(r -> r.version() + " (fingerprint " + r.shortFingerprint() + ")")
            .collect(Collectors.joining(", "));
    String entries =
        missing.stream().map(r -> "`" + r.version() + ":<key>`").collect(Collectors.joining(", "));
    return new VaultStartupException(
        "This database's secrets need master key version"
            + (missing.size() > 1 ? "s " : " ")
            + versions
            + ", which this instance was not given.",
        "Add "
            + entries
            + " to "
            + MasterKeySource.KEY_VARIABLE
            + " or "
            + MasterKeySource.FILE_VARIABLE
            + ".");
  }
}
