package dev.orchestrate.vault;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The secrets' rows: a head per (workspace, name) and its encrypted versions. Runs in the caller's
 * transaction; row-level security limits it to the tenant's workspaces.
 */
@Repository
class SecretStore {

  /** A version number just issued; {@code created} when the secret did not exist before. */
  record Issued(int version, boolean created) {}

  /** One stored version, still encrypted. */
  record Stored(SecretSlot slot, Sealed sealed) {}

  private final JdbcClient jdbc;

  SecretStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Issues the next version of a secret, creating its head or bringing a deleted one back. The
   * head's row lock orders concurrent writers of one name until their transactions end.
   */
  Issued issueVersion(UUID workspaceId, String name, UUID actor) {
    return jdbc.sql(
            """
            INSERT INTO secret_vault (workspace_id, name, version, created_by)
            VALUES (?, ?, 1, ?)
            ON CONFLICT (workspace_id, name) DO UPDATE SET
              version = secret_vault.version + 1,
              updated_at = now(),
              created_at = CASE WHEN secret_vault.deleted_at IS NULL
                                THEN secret_vault.created_at ELSE now() END,
              created_by = CASE WHEN secret_vault.deleted_at IS NULL
                                THEN secret_vault.created_by ELSE excluded.created_by END,
              last_used_at = CASE WHEN secret_vault.deleted_at IS NULL
                                  THEN secret_vault.last_used_at END,
              deleted_at = NULL
            RETURNING version, created_at = now() AS created
            """)
        .params(workspaceId, name, actor)
        .query((rs, row) -> new Issued(rs.getInt("version"), rs.getBoolean("created")))
        .single();
  }

  /**
   * Takes a share lock on master key {@code version} for the rest of the transaction, so it cannot
   * retire while a data key is being wrapped under it; false when it is retired (or unknown).
   */
  boolean useMasterKey(int version) {
    return jdbc.sql("SELECT orchestrate_vault_use_master_key(?)")
        .param(version)
        .query(Boolean.class)
        .single();
  }

  void insertVersion(SecretSlot slot, Sealed sealed, UUID actor) {
    jdbc.sql(
            """
            INSERT INTO secret_versions (workspace_id, name, version, ciphertext, nonce, wrapped_key,
                                         key_nonce, master_key_version, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            slot.workspaceId(),
            slot.name(),
            slot.version(),
            sealed.ciphertext(),
            sealed.nonce(),
            sealed.key().wrapped(),
            sealed.key().nonce(),
            sealed.key().masterKeyVersion(),
            actor)
        .update();
  }

  /** The newest version created at or before {@code asOf} (null: the newest of all). */
  Optional<Stored> find(UUID workspaceId, String name, Instant asOf) {
    return jdbc.sql(
            """
            SELECT workspace_id, name, version, ciphertext, nonce, wrapped_key, key_nonce,
                   master_key_version
            FROM secret_versions
            WHERE workspace_id = ? AND name = ? AND (?::timestamptz IS NULL OR created_at <= ?)
            ORDER BY version DESC LIMIT 1
            """)
        .params(workspaceId, name, timestamp(asOf), timestamp(asOf))
        .query(
            (rs, row) ->
                new Stored(
                    slot(rs),
                    new Sealed(rs.getBytes("ciphertext"), rs.getBytes("nonce"), wrappedKey(rs))))
        .optional();
  }

  void touch(UUID workspaceId, String name) {
    jdbc.sql("UPDATE secret_vault SET last_used_at = now() WHERE workspace_id = ? AND name = ?")
        .params(workspaceId, name)
        .update();
  }

  /** The version of each name in effect at {@code asOf} (null: now); absent names have none. */
  Map<String, Integer> versions(UUID workspaceId, Collection<String> names, Instant asOf) {
    Map<String, Integer> versions = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT name, max(version) AS version FROM secret_versions
            WHERE workspace_id = ? AND name = ANY (?)
              AND (?::timestamptz IS NULL OR created_at <= ?)
            GROUP BY name ORDER BY name
            """)
        .params(workspaceId, names.toArray(String[]::new), timestamp(asOf), timestamp(asOf))
        .query((rs, row) -> Map.entry(rs.getString("name"), rs.getInt("version")))
        .list()
        .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
    return versions;
  }

  List<SecretInfo> list(UUID workspaceId) {
    return jdbc.sql(
            """
            SELECT name, version, created_at, updated_at, last_used_at FROM secret_vault
            WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY name
            """)
        .param(workspaceId)
        .query(
            (rs, row) ->
                new SecretInfo(
                    rs.getString("name"),
                    rs.getInt("version"),
                    instant(rs, "created_at"),
                    instant(rs, "updated_at"),
                    instant(rs, "last_used_at")))
        .list();
  }

  /**
   * Deletes every version of a secret and marks its head deleted (keeping its version counter).
   *
   * @return the last version it had; empty when there is no such secret
   */
  Optional<Integer> delete(UUID workspaceId, String name) {
    Optional<Integer> last =
        jdbc.sql(
                """
                UPDATE secret_vault SET deleted_at = now(), updated_at = now()
                WHERE workspace_id = ? AND name = ? AND deleted_at IS NULL
                RETURNING version
                """)
            .params(workspaceId, name)
            .query(Integer.class)
            .optional();
    last.ifPresent(
        version ->
            jdbc.sql("DELETE FROM secret_versions WHERE workspace_id = ? AND name = ?")
                .params(workspaceId, name)
                .update());
    return last;
  }

  static SecretSlot slot(ResultSet rs) throws SQLException {
    return new SecretSlot(
        rs.getObject("workspace_id", UUID.class), rs.getString("name"), rs.getInt("version"));
  }

  static Sealed.WrappedKey wrappedKey(ResultSet rs) throws SQLException {
    return new Sealed.WrappedKey(
        rs.getBytes("wrapped_key"), rs.getBytes("key_nonce"), rs.getInt("master_key_version"));
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
