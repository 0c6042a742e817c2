package dev.orchestrate.audit;

import dev.orchestrate.database.Tenancy;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Links committed audit entries into their chain, off the path of the audited actions: woken for a
 * chain after an entry of it commits on this instance, and sweeping every chain now and then for
 * entries whose instance stopped before chaining them. Each chaining is one short transaction that
 * holds the chain's head row lock (see {@code orchestrate_audit_link_rows}), which also orders the
 * chainers of every instance. The same transaction seals every entry it links (see {@link
 * AuditSeals}): the database links and answers the linked entries, the chainer computes their seals
 * with a key the database does not hold and hands them back, so every chained entry commits sealed.
 */
@Component
class AuditChainer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

  /** The key of the service-wide chain (entries without a workspace) in {@link #dirty}. */
  private static final UUID SERVICE_CHAIN = new UUID(0, 0);

  private final JdbcClient jdbc;
  private final Tenancy tenancy;
  private final AuditProperties properties;
  private final AuditSeals seals;
  private final AuditLog auditLog;
  private volatile boolean upgraded;
  private final Set<UUID> dirty = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
  private volatile boolean active;
  private Thread thread;

  AuditChainer(
      JdbcClient jdbc,
      Tenancy tenancy,
      AuditProperties properties,
      AuditSeals seals,
      AuditLog auditLog) {
    this.jdbc = jdbc;
    this.tenancy = tenancy;
    this.properties = properties;
    this.seals = seals;
    this.auditLog = auditLog;
  }

  /** Asks for the chain of {@code workspaceId} (null: the service-wide one) to be extended soon. */
  void wake(UUID workspaceId) {
    dirty.add(workspaceId == null ? SERVICE_CHAIN : workspaceId);
    wakeUp.offer(Boolean.TRUE);
  }

  @Override
  public void start() {
    active = true;
    thread = Thread.ofVirtual().name("audit-chainer").start(this::run);
  }

  @Override
  public void stop() {
    active = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  private void run() {
    long nextSweep = System.nanoTime();
    while (active) {
      try {
        if (System.nanoTime() - nextSweep >= 0) {
          sweep();
          nextSweep = System.nanoTime() + properties.sweepInterval().toNanos();
        }
        wakeUp.poll(
            Math.max(0, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS); // woken or due
        for (UUID chain : List.copyOf(dirty)) {
          dirty.remove(chain);
          chain(chain.equals(SERVICE_CHAIN) ? null : chain);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be away for a while: the sweep picks up whatever is left unchained.
        if (active) {
          log.warn("Could not extend an audit chain; the next sweep retries", e);
        }
      }
    }
  }

  /** Chains every committed entry that waits, in every chain. */
  void sweep() {
    if (!upgraded) {
      sealChainedBeforeSeals();
      upgraded = true;
    }
    List<UUID> waiting =
        tenancy.inSystemTransaction(
            "audit chain sweep",
            () ->
                jdbc.sql("SELECT DISTINCT workspace_id FROM audit_logs WHERE seq IS NULL")
                    .query((rs, n) -> rs.getObject(1, UUID.class))
                    .list());
    waiting.forEach(this::chain);
  }

  /** Chains every entry of one chain committed by now; answers how many. */
  long chain(UUID workspaceId) {
    long total = 0;
    int linked;
    do {
      linked =
          tenancy.inSystemTransaction(
              "audit chain",
              () -> {
                List<Linked> rows =
                    jdbc.sql(
                            """
                            SELECT entry_id, entry_seq, entry_hash
                            FROM orchestrate_audit_link_rows(CAST(? AS uuid), ?)
                            """)
                        .params(workspaceId, properties.batch())
                        .query(
                            (rs, n) ->
                                new Linked(
                                    rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))
                        .list();
                seal(workspaceId, rows);
                return rows.size();
              });
      total += linked;
    } while (linked == properties.batch());
    return total;
  }

  /**
   * Seals chained entries of one chain in the caller's transaction: one HMAC each here, one
   * statement for all. Without a master key (an external database and no key given) there is
   * nothing to seal with: entries stay unsealed and verification says it could not check them.
   */
  private void seal(UUID workspaceId, List<Linked> rows) {
    if (rows.isEmpty()) {
      return;
    }
    var key = seals.current();
    if (key.isEmpty()) {
      return;
    }
    Mac mac = key.get().mac();
    UUID[] ids = new UUID[rows.size()];
    String[] values = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Linked row = rows.get(i);
      ids[i] = row.id();
      values[i] = AuditSeals.seal(mac, workspaceId, row.seq(), row.hash());
    }
    int sealed =
        jdbc.sql(
                "SELECT orchestrate_audit_seal(CAST(? AS uuid), ?, CAST(? AS uuid[]), CAST(? AS text[]))")
            .params(workspaceId, key.get().version(), ids, values)
            .query(Integer.class)
            .single();
    if (sealed != rows.size()) {
      // Rolls the linking back with it: a chained entry never commits without its seal.
      throw new IllegalStateException(
          "sealed " + sealed + " of " + rows.size() + " audit entries just chained");
    }
  }

  /**
   * The upgrade to sealed chains: entries chained before seals existed (or while the deployment had
   * no master key) are sealed once, chain by chain, but only while no entry anywhere is sealed yet,
   * and only a chain whose hashes and links verify. Afterwards an unsealed chained entry is
   * tampering, never an upgrade, so removing seals cannot get an edited chain resealed, unless
   * every seal of the whole deployment is removed; that is why each sealing is logged (outside the
   * database) as a warning.
   */
  void sealChainedBeforeSeals() {
    if (seals.current().isEmpty()) {
      return;
    }
    List<UUID> chains =
        tenancy.inSystemTransaction(
            "audit seal upgrade",
            () -> {
              List<UUID> unsealed =
                  jdbc.sql(
                          """
                          SELECT DISTINCT workspace_id FROM audit_logs
                          WHERE seq IS NOT NULL AND seal IS NULL
                          """)
                      .query((rs, n) -> rs.getObject(1, UUID.class))
                      .list();
              if (unsealed.isEmpty()) {
                return unsealed;
              }
              boolean anySealed =
                  jdbc.sql("SELECT EXISTS (SELECT 1 FROM audit_logs WHERE seal IS NOT NULL)")
                      .query(Boolean.class)
                      .single();
              if (anySealed) {
                log.warn(
                    "{} audit chains have chained entries without a seal although entries are"
                        + " sealed already: they are not sealed now, and verification reports them"
                        + " as tampered",
                    unsealed.size());
                return List.<UUID>of();
              }
              return unsealed;
            });
    for (UUID chain : chains) {
      sealChain(chain);
    }
  }

  /**
   * Seals the entries of one chain chained before seals existed, if its hashes and links verify:
   * checked under the head lock, then sealed a batch per transaction (the service cannot change
   * those entries, and the seal function fills only missing seals, so the lock is not needed then).
   */
  private void sealChain(UUID workspaceId) {
    String name = workspaceId == null ? "of the service" : "of workspace " + workspaceId;
    long head =
        tenancy.inSystemTransaction(
            "audit seal upgrade",
            () -> {
              // The head lock (the service may not read heads directly): linking nothing takes
              // it, so no chainer extends the chain while it is checked.
              jdbc.sql("SELECT count(*) FROM orchestrate_audit_link_rows(CAST(? AS uuid), 0)")
                  .param(workspaceId)
                  .query(Long.class)
                  .single();
              long last =
                  jdbc.sql("SELECT orchestrate_audit_head(CAST(? AS uuid))")
                      .param(workspaceId)
                      .query(Long.class)
                      .single();
              Long broken = auditLog.walk(workspaceId, last, false).result(last).firstBadSeq();
              if (broken != null) {
                log.warn(
                    "Audit chain {} does not verify at seq {}: its entries chained before seals"
                        + " existed are left unsealed, and verification reports it",
                    name,
                    broken);
                return 0L;
              }
              return last;
            });
    long sealed = 0;
    int batch;
    do {
      batch =
          tenancy.inSystemTransaction(
              "audit seal upgrade",
              () -> {
                List<Linked> rows =
                    jdbc.sql(
                            """
                            SELECT id, seq, hash FROM audit_logs
                            WHERE coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid)
                                  = coalesce(CAST(? AS uuid),
                                             '00000000-0000-0000-0000-000000000000'::uuid)
                              AND seq IS NOT NULL AND seq <= ? AND seal IS NULL
                            ORDER BY seq LIMIT ?
                            """)
                        .params(workspaceId, head, properties.batch())
                        .query(
                            (rs, n) ->
                                new Linked(
                                    rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))
                        .list();
                seal(workspaceId, rows);
                return rows.size();
              });
      sealed += batch;
    } while (batch == properties.batch());
    if (sealed > 0) {
      log.warn(
          "Sealed {} audit entries of the chain {} that were chained before seals existed (an"
              + " upgrade). Expected once per chain after upgrading; at any other time it means"
              + " someone removed every seal from the database.",
          sealed,
          name);
    }
  }

  /** An entry as linking answered it. */
  private record Linked(UUID id, long seq, String hash) {}
}
