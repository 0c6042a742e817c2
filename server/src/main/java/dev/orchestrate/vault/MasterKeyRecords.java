package dev.orchestrate.vault;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deployment's master key versions as PostgreSQL records them: version, fingerprint, and when
 * retired. Service-wide rows: every method runs inside a system transaction of the caller's.
 */
@Repository
class MasterKeyRecords {

  /** One recorded version. */
  record Recorded(int version, String fingerprint, Instant createdAt, Instant retiredAt) {
    boolean retired() {
      return retiredAt != null;
    }

    String shortFingerprint() {
      return fingerprint.substring(0, 8) + "…";
    }
  }

  private final JdbcClient jdbc;

  MasterKeyRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Serializes instances that check and record their keys at the same time. */
  void lockForStartup() {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('orchestrate_vault_master_keys'))")
        .query((rs, row) -> row)
        .list();
  }

  List<Recorded> all() {
    return jdbc.sql(
            "SELECT version, fingerprint, created_at, retired_at FROM vault_master_keys ORDER BY version")
        .query(MasterKeyRecords::recorded)
        .list();
  }

  /** The row of {@code version}, locked until the transaction ends (retiring). */
  Optional<Recorded> lock(int version) {
    return jdbc.sql(
            """
            SELECT version, fingerprint, created_at, retired_at FROM vault_master_keys
            WHERE version = ? FOR UPDATE
            """)
        .param(version)
        .query(MasterKeyRecords::recorded)
        .optional();
  }

  void record(MasterKey key) {
    jdbc.sql(
            """
            INSERT INTO vault_master_keys (version, fingerprint) VALUES (?, ?)
            ON CONFLICT (version) DO NOTHING
            """)
        .params(key.version(), key.fingerprint())
        .update();
  }

  Instant retire(int version) {
    return jdbc.sql(
            "UPDATE vault_master_keys SET retired_at = now() WHERE version = ? RETURNING retired_at")
        .param(version)
        .query(Timestamp.class)
        .single()
        .toInstant();
  }

  private static Recorded recorded(ResultSet rs, int row) throws SQLException {
    Timestamp retired = rs.getTimestamp("retired_at");
    return new Recorded(
        rs.getInt("version"),
        rs.getString("fingerprint"),
        rs.getTimestamp("created_at").toInstant(),
        retired == null ? null : retired.toInstant());
  }
}
