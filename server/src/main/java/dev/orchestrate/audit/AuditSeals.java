package dev.orchestrate.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orchestrate.vault.DerivedKeys;
import dev.orchestrate.vault.DerivedKeys.DerivedKey;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The seals of chained entries: HMAC-SHA256 over an entry's chain, seq and hash, keyed by a key
 * derived from the vault's master key. The database never holds that key, so whoever can write the
 * database can recompute hashes but not seals. The chain and seq are sealed with the hash, so a
 * sealed entry cannot be moved to another place or another chain either.
 */
@Component
class AuditSeals {

  /** The derivation label: a new one (v2) would be a new key, not a new way to use this one. */
  static final String PURPOSE = "orchestrate audit seal v1";

  /**
   * The chain id of the service-wide chain (entries without a workspace), as the database has it.
   */
  static final UUID SERVICE_CHAIN = new UUID(0, 0);

  private final DerivedKeys keys;
  private final JdbcClient jdbc;

  AuditSeals(DerivedKeys keys, JdbcClient jdbc) {
    this.keys = keys;
    this.jdbc = jdbc;
  }

  /** A chained entry to seal, as linking answered it. */
  record Linked(UUID id, long seq, String hash) {
    /** Reads an entry from a row of its id, seq and hash, in that order. */
    static final RowMapper<Linked> FROM_ROW =
        (rs, n) -> new Linked(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3));
  }

  /**
   * The key new seals are made with (the newest master key version); empty without a master key.
   */
  Optional<DerivedKey> current() {
    return keys.newest(PURPOSE);
  }

  /**
   * The key seals of master key {@code version} were made with; empty if this instance lacks it.
   */
  Optional<DerivedKey> version(int version) {
    return keys.version(version, PURPOSE);
  }

  /**
   * Seals chained entries of one chain in the caller's transaction: one HMAC each here, one
   * statement for all. Without a master key (an external database and no key given) there is
   * nothing to seal with: entries stay unsealed and verification says it could not check them.
   * Sealing fewer than asked (one was sealed or changed meanwhile) throws, which rolls the caller's
   * linking back with it: an entry never commits chained but unsealed.
   */
  void store(UUID workspaceId, List<Linked> rows) {
    if (rows.isEmpty()) {
      return;
    }
    var key = current();
    if (key.isEmpty()) {
      return;
    }
    Mac mac = key.get().mac();
    UUID[] ids = new UUID[rows.size()];
    String[] values = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Linked row = rows.get(i);
      ids[i] = row.id();
      values[i] = seal(mac, workspaceId, row.seq(), row.hash());
    }
    int sealed =
        jdbc.sql(
                "SELECT orchestrate_audit_seal(CAST(? AS uuid), ?, CAST(? AS uuid[]), CAST(? AS text[]))")
            .params(workspaceId, key.get().version(), ids, values)
            .query(Integer.class)
            .single();
    if (sealed != rows.size()) {
      throw new IllegalStateException(
          "sealed " + sealed + " of " + rows.size() + " audit entries just chained");
    }
  }

  static String seal(Mac mac, UUID workspaceId, long seq, String hash) {
    UUID chain = workspaceId == null ? SERVICE_CHAIN : workspaceId;
    return HexFormat.of()
        .formatHex(
            mac.doFinal((PURPOSE + "\n" + chain + "\n" + seq + "\n" + hash).getBytes(UTF_8)));
  }

  /** Compares in constant time, so a forger learns nothing from how fast a guess is refused. */
  static boolean matches(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(UTF_8), actual.getBytes(UTF_8));
  }
}
