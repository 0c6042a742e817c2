package dev.orchestrate.vault;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The wrapped data keys of every workspace, for rotation: counted per master key version, claimed
 * in batches, re-wrapped in place. Runs inside the caller's system transaction.
 */
@Repository
class DataKeys {

  /** A data key to re-wrap, and where it belongs. */
  record Claimed(SecretSlot slot, Sealed.WrappedKey key) {}

  private final JdbcClient jdbc;

  DataKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Map<Integer, Long> countByMasterKey() {
    return jdbc
        .sql("SELECT master_key_version, count(*) FROM secret_versions GROUP BY master_key_version")
        .query((rs, row) -> Map.entry(rs.getInt(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  long countBelow(int version) {
    return jdbc.sql("SELECT count(*) FROM secret_versions WHERE master_key_version < ?")
        .param(version)
        .query(Long.class)
        .single();
  }

  long countUnder(int version) {
    return jdbc.sql("SELECT count(*) FROM secret_versions WHERE master_key_version = ?")
        .param(version)
        .query(Long.class)
        .single();
  }

  /**
   * Up to {@code limit} data keys wrapped under one of {@code from}, locked until the transaction
   * ends; rows another transaction holds are skipped, so two instances rewrapping at once share the
   * work instead of waiting for each other.
   */
  List<Claimed> claim(Collection<Integer> from, int limit) {
    return jdbc.sql(
            """
            SELECT workspace_id, name, version, wrapped_key, key_nonce, master_key_version
            FROM secret_versions WHERE master_key_version = ANY (?)
            ORDER BY workspace_id, name, version
            LIMIT ? FOR UPDATE SKIP LOCKED
            """)
        .params(from.toArray(Integer[]::new), limit)
        .query((rs, row) -> new Claimed(SecretStore.slot(rs), SecretStore.wrappedKey(rs)))
        .list();
  }

  /** Replaces a claimed row's wrapped key; false if it was no longer under {@code from}. */
  boolean replace(SecretSlot slot, int from, Sealed.WrappedKey key) {
    return jdbc.sql(
                """
                UPDATE secret_versions SET wrapped_key = ?, key_nonce = ?, master_key_version = ?
                WHERE workspace_id = ? AND name = ? AND version = ? AND master_key_version = ?
                """)
            .params(
                key.wrapped(),
                key.nonce(),
                key.masterKeyVersion(),
                slot.workspaceId(),
                slot.name(),
                slot.version(),
                from)
            .update()
        == 1;
  }
}
