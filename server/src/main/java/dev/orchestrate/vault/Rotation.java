package dev.orchestrate.vault;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Master key rotation. {@link #rewrap} moves every data key to this instance's newest master key
 * version by unwrapping and wrapping it again, never decrypting a value, one batch per transaction
 * (so a crash loses at most a batch, and running it again resumes). {@link #retire} then marks an
 * emptied version retired, after which no instance needs it to start.
 */
@Component
class Rotation {

  private static final Logger log = LoggerFactory.getLogger(Rotation.class);

  private final MasterKeys keys;
  private final MasterKeyRecords records;
  private final DataKeys dataKeys;
  private final SecretStore store;
  private final Envelope envelope;
  private final Tenancy tenancy;
  private final ApplicationEventPublisher events;
  private final int batchSize;

  Rotation(
      MasterKeys keys,
      MasterKeyRecords records,
      DataKeys dataKeys,
      SecretStore store,
      Envelope envelope,
      Tenancy tenancy,
      ApplicationEventPublisher events,
      VaultProperties properties) {
    this.keys = keys;
    this.records = records;
    this.dataKeys = dataKeys;
    this.store = store;
    this.envelope = envelope;
    this.tenancy = tenancy;
    this.events = events;
    this.batchSize = properties.rewrapBatch();
  }

  /** One recorded master key version, with how many data keys it wraps. */
  record Version(
      int version,
      String fingerprint,
      Instant createdAt,
      Instant retiredAt,
      long dataKeys,
      boolean held) {}

  /** The versions the database records, and the one this instance wraps new data keys under. */
  record Status(List<Version> masterKeyVersions, Integer newest) {}

  /** What a rewrap did: data keys moved, those still under older versions, and the target. */
  record Rewrapped(long rewrapped, long remaining, int newest) {}

  Status status() {
    return tenancy.inSystemTransaction(
        "vault status",
        () -> {
          Map<Integer, Long> counts = dataKeys.countByMasterKey();
          Set<Integer> held =
              keys.all().stream().map(MasterKey::version).collect(Collectors.toSet());
          List<Version> versions =
              records.all().stream()
                  .map(
                      r ->
                          new Version(
                              r.version(),
                              r.fingerprint(),
                              r.createdAt(),
                              r.retiredAt(),
                              counts.getOrDefault(r.version(), 0L),
                              held.contains(r.version())))
                  .toList();
          return new Status(versions, keys.available() ? keys.newest().version() : null);
        });
  }

  Rewrapped rewrap(UUID actor) {
    MasterKey newest = keys.newest();
    List<Integer> older =
        keys.all().stream().map(MasterKey::version).filter(v -> v < newest.version()).toList();
    long rewrapped = 0;
    if (!older.isEmpty()) {
      int done;
      do {
        done = tenancy.inSystemTransaction("rewrap data keys", () -> batch(newest, older));
        rewrapped += done;
      } while (done > 0);
    }
    long remaining =
        tenancy.inSystemTransaction(
            "rewrap data keys", () -> dataKeys.countBelow(newest.version()));
    log.info(
        "Re-wrapped {} data keys under master key version {}; {} remain under older versions",
        rewrapped,
        newest.version(),
        remaining);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("rewrapped", rewrapped);
    details.put("remaining", remaining);
    details.put("newest", newest.version());
    events.publishEvent(new AuditEvent(null, actor, "vault", "vault.rewrapped", details));
    return new Rewrapped(rewrapped, remaining, newest.version());
  }

  private int batch(MasterKey newest, List<Integer> older) {
    if (!store.useMasterKey(newest.version())) {
      throw OrchestrateException.conflict(
          "Master key version "
              + newest.version()
              + ", this instance's newest, is retired; rewrap on an instance with the newer"
              + " version.");
    }
    List<DataKeys.Claimed> claimed = dataKeys.claim(older, batchSize);
    for (DataKeys.Claimed row : claimed) {
      MasterKey from = keys.version(row.key().masterKeyVersion());
      Sealed.WrappedKey moved = envelope.rewrap(row.slot(), row.key(), from, newest);
      if (!dataKeys.replace(row.slot(), from.version(), moved)) {
        throw new IllegalStateException("a claimed data key changed under its lock");
      }
    }
    return claimed.size();
  }

  Version retire(int version, UUID actor) {
    Retired retired =
        tenancy.inSystemTransaction(
            "retire master key",
            () -> {
              var recorded =
                  records
                      .lock(version)
                      .orElseThrow(
                          () -> OrchestrateException.notFound("Master key version " + version));
              boolean held = keys.all().stream().anyMatch(k -> k.version() == version);
              if (recorded.retired()) {
                return new Retired(view(recorded, 0, held), false);
              }
              int newestRecorded =
                  records.all().stream()
                      .filter(r -> !r.retired())
                      .mapToInt(MasterKeyRecords.Recorded::version)
                      .max()
                      .orElse(version);
              if (version == newestRecorded) {
                throw OrchestrateException.conflict(
                    "Master key version "
                        + version
                        + " is the newest; new secrets are encrypted under it. Give every instance"
                        + " a newer version, restart them, rewrap, then retire this one.");
              }
              long left = dataKeys.countUnder(version);
              if (left > 0) {
                throw OrchestrateException.conflict(
                    left
                        + (left == 1 ? " data key is" : " data keys are")
                        + " still wrapped under master key version "
                        + version
                        + ". Rewrap first (orchestrate admin vault rewrap, or POST"
                        + " /api/admin/vault/rewrap), then retire it.");
              }
              Instant at = records.retire(version);
              return new Retired(
                  new Version(
                      recorded.version(),
                      recorded.fingerprint(),
                      recorded.createdAt(),
                      at,
                      0,
                      held),
                  true);
            });
    if (retired.now()) {
      events.publishEvent(
          new AuditEvent(
              null, actor, "vault", "vault.master_key_retired", Map.of("version", version)));
      log.info("Retired vault master key version {}", version);
    }
    return retired.version();
  }

  /** A retired version, and whether this call retired it (retiring again changes nothing). */
  private record Retired(Version version, boolean now) {}

  private static Version view(MasterKeyRecords.Recorded r, long dataKeys, boolean held) {
    return new Version(r.version(), r.fingerprint(), r.createdAt(), r.retiredAt(), dataKeys, held);
  }
}
