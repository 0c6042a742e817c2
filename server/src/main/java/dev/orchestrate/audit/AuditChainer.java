package dev.orchestrate.audit;

import dev.orchestrate.database.Tenancy;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * Its first sweep also seals the chains of an upgraded deployment once ({@link SealUpgrade}).
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
  private final SealUpgrade upgrade;
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
    this.upgrade = new SealUpgrade(jdbc, tenancy, properties, seals, auditLog);
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
      upgrade.run();
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
                List<AuditSeals.Linked> rows =
                    jdbc.sql(
                            """
                            SELECT entry_id, entry_seq, entry_hash
                            FROM orchestrate_audit_link_rows(CAST(? AS uuid), ?)
                            """)
                        .params(workspaceId, properties.batch())
                        .query(AuditSeals.Linked.FROM_ROW)
                        .list();
                seals.store(workspaceId, rows);
                return rows.size();
              });
      total += linked;
    } while (linked == properties.batch());
    return total;
  }
}
