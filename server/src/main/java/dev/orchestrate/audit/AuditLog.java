package dev.orchestrate.audit;

import dev.orchestrate.vault.DerivedKeys;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reading and verifying a workspace's audit log; owners and admins only. */
@Service
public class AuditLog {

  static final String GENESIS = "0".repeat(64);

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final WorkspaceAccess access;
  private final AuditProperties properties;
  private final AuditSeals seals;

  AuditLog(
      JdbcClient jdbc,
      JsonMapper json,
      WorkspaceAccess access,
      AuditProperties properties,
      AuditSeals seals) {
    this.jdbc = jdbc;
    this.json = json;
    this.access = access;
    this.properties = properties;
    this.seals = seals;
  }

  /**
   * Newest first: entries still waiting to be chained come first (they will all be chained after
   * every entry chained so far; among themselves newest inserted first, their seq, prev_hash and
   * hash null), then chained entries by seq descending. {@code beforeSeq} pages back from an
   * earlier answer's cursor and answers chained entries only; {@code from} (included) and {@code
   * to} (excluded) bound the time (null: unbounded).
   */
  @Transactional(readOnly = true)
  public Page list(
      UUID workspaceId,
      String category,
      String action,
      int limit,
      Long beforeSeq,
      java.time.Instant from,
      java.time.Instant to) {
    access.require(workspaceId, Role.ADMIN);
    long[] head = {0};
    // The head in the same statement, so in the same snapshot as the entries.
    List<AuditEntry> entries =
        jdbc.sql(
                """
                WITH head AS MATERIALIZED (SELECT orchestrate_audit_head(:ws) AS last_seq)
                SELECT id, seq, action, category, actor_id, details::text, created_at, prev_hash,
                       hash, head.last_seq
                FROM audit_logs, head
                WHERE workspace_id = :ws
                  AND (CAST(:category AS text) IS NULL OR category = :category)
                  AND (CAST(:action AS text) IS NULL OR action = :action)
                  AND (CAST(:before AS bigint) IS NULL OR seq < :before)
                  AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
                  AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
                ORDER BY seq DESC NULLS FIRST, insert_no DESC
                LIMIT :limit
                """)
            .param("ws", workspaceId)
            .param("category", category)
            .param("action", action)
            .param("before", beforeSeq)
            .param("from", from == null ? null : java.sql.Timestamp.from(from))
            .param("to", to == null ? null : java.sql.Timestamp.from(to))
            .param("limit", limit)
            .query(
                (rs, n) -> {
                  head[0] = rs.getLong("last_seq");
                  return new AuditEntry(
                      rs.getObject("id", UUID.class),
                      rs.getObject("seq", Long.class),
                      rs.getString("action"),
                      rs.getString("category"),
                      rs.getObject("actor_id", UUID.class),
                      json.readTree(rs.getString("details")),
                      rs.getTimestamp("created_at").toInstant(),
                      rs.getString("prev_hash"),
                      rs.getString("hash"));
                })
            .list();
    Long next = null;
    if (entries.size() == limit) {
      Long lastSeq = entries.getLast().seq();
      // A page of only unchained entries goes on with the chained ones: those it could not show
      // are chained after the head, so they are shown by the next first page, not by this paging.
      next = lastSeq != null ? lastSeq : head[0] + 1;
    }
    return new Page(entries, next);
  }

  /** A page of entries, and the cursor of the next page (null: none). */
  public record Page(List<AuditEntry> entries, Long nextCursor) {}

  /**
   * Recomputes every hash and link of the chain in order, checks every seal, and names the first
   * entry that does not hold: an edited entry (its hash, or its seal when every later hash and the
   * head were recomputed too, or a seal removed), a removed one (the next entry's link or a gap in
   * seq), or entries removed from the end (the chain's head remembers how long it was). Also counts
   * the entries still waiting to be chained; one waiting longer than {@code orchestrate.audit
   * .stale-after} is a finding of its own (the chain is not valid), since chaining follows commit
   * within moments.
   */
  @Transactional(readOnly = true)
  public ChainVerification verify(UUID workspaceId) {
    access.require(workspaceId, Role.ADMIN);
    // The head and the waiting entries in one snapshot, first: entries chained while the walk
    // runs lie beyond the head and are left out, and were counted as waiting.
    Snapshot at =
        jdbc.sql(
                """
                SELECT orchestrate_audit_head(?), count(*),
                       count(*) FILTER (WHERE created_at < now() - make_interval(secs => ?))
                FROM audit_logs WHERE workspace_id = ? AND seq IS NULL
                """)
            .params(workspaceId, (double) properties.staleAfter().toMillis() / 1000, workspaceId)
            .query((rs, n) -> new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .single();
    long head = at.head();
    return walk(workspaceId, head, true)
        .result(head, at.waiting(), at.stale(), seals.current().isPresent());
  }

  /**
   * Walks the chain of {@code workspaceId} (null: the service-wide one) up to {@code head} in the
   * caller's transaction, checking each entry's hash and link, and its seal when {@code
   * checkSeals}. A chained entry without a seal is broken when this instance holds a master key
   * (every entry is sealed in the transaction that chains it); an instance without one seals
   * nothing and checks hashes and links alone, and a seal it meets cannot be checked.
   */
  ChainChecker walk(UUID workspaceId, long head, boolean checkSeals) {
    var checker = new ChainChecker();
    boolean keyed = seals.current().isPresent();
    Map<Integer, Optional<Mac>> macs = new HashMap<>();
    jdbc.sql(
            """
            SELECT seq, prev_hash, hash, seal, seal_key_version,
                   orchestrate_audit_hash(prev_hash, workspace_id, seq, action, category, actor_id,
                                          details, created_at) AS expected
            FROM audit_logs
            WHERE coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid)
                  = coalesce(CAST(? AS uuid), '00000000-0000-0000-0000-000000000000'::uuid)
              AND seq <= ?
            ORDER BY seq
            """)
        .params(workspaceId, head)
        .query(
            rs -> {
              long seq = rs.getLong("seq");
              String hash = rs.getString("hash");
              ChainChecker.Seal seal = ChainChecker.NOT_ASKED;
              if (checkSeals) {
                String stored = rs.getString("seal");
                int version = rs.getInt("seal_key_version");
                if (stored == null) {
                  // Without a master key no entry is sealed (an external database given no key):
                  // the hash chain is all there is to check, as it was before seals.
                  seal = keyed ? ChainChecker.BROKEN : ChainChecker.NOT_ASKED;
                } else {
                  Optional<Mac> mac =
                      macs.computeIfAbsent(
                          version, v -> seals.version(v).map(DerivedKeys.DerivedKey::mac));
                  seal =
                      mac.map(
                              m ->
                                  AuditSeals.matches(
                                          AuditSeals.seal(m, workspaceId, seq, hash), stored)
                                      ? ChainChecker.HOLDS
                                      : ChainChecker.BROKEN)
                          .orElseGet(() -> new ChainChecker.Seal.Unchecked(version));
                }
              }
              checker.next(seq, rs.getString("prev_hash"), hash, rs.getString("expected"), seal);
            });
    return checker;
  }

  private record Snapshot(long head, long waiting, long stale) {}
}
