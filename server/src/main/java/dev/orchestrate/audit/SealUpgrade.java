package dev.orchestrate.audit;

import dev.orchestrate.database.Tenancy;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade to sealed chains, run by each instance's chainer at its first sweep: entries chained
 * before seals existed (V24), or while the deployment had no master key, get their seals here.
 */
final class SealUpgrade {

  private static final Logger log = LoggerFactory.getLogger(SealUpgrade.class);

  private final JdbcClient jdbc;
  private final Tenancy tenancy;
  private final AuditProperties properties;
  private final AuditSeals seals;
  private final AuditLog auditLog;

  SealUpgrade(
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

  /**
   * The upgrade to sealed chains: entries chained before seals existed (or while the deployment had
   * no master key) are sealed once, chain by chain, but only while no entry anywhere is sealed yet,
   * and only a chain whose hashes and links verify. Afterwards an unsealed chained entry is
   * tampering, never an upgrade, so removing seals cannot get an edited chain resealed, unless
   * every seal of the whole deployment is removed; that is why each sealing is logged (outside the
   * database) as a warning.
   */
  void run() {
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
                List<AuditSeals.Linked> rows =
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
                        .query(AuditSeals.Linked.FROM_ROW)
                        .list();
                seals.store(workspaceId, rows);
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
}
