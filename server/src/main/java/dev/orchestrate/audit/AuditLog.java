package dev.orchestrate.audit;

import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.List;
import java.util.UUID;
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

  AuditLog(JdbcClient jdbc, JsonMapper json, WorkspaceAccess access) {
    this.jdbc = jdbc;
    this.json = json;
    this.access = access;
  }

  /**
   * Newest first; {@code beforeSeq} pages back from an earlier answer's last seq; {@code from}
   * (included) and {@code to} (excluded) bound the time (null: unbounded).
   */
  @Transactional(readOnly = true)
  public List<AuditEntry> list(
      UUID workspaceId,
      String category,
      String action,
      int limit,
      Long beforeSeq,
      java.time.Instant from,
      java.time.Instant to) {
    access.require(workspaceId, Role.ADMIN);
    return jdbc.sql(
            """
            SELECT id, seq, action, category, actor_id, details::text, created_at, prev_hash, hash
            FROM audit_logs
            WHERE workspace_id = :ws
              AND (CAST(:category AS text) IS NULL OR category = :category)
              AND (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:before AS bigint) IS NULL OR seq < :before)
              AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
            ORDER BY seq DESC
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
            (rs, n) ->
                new AuditEntry(
                    rs.getObject("id", UUID.class),
                    rs.getLong("seq"),
                    rs.getString("action"),
                    rs.getString("category"),
                    rs.getObject("actor_id", UUID.class),
                    json.readTree(rs.getString("details")),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getString("prev_hash"),
                    rs.getString("hash")))
        .list();
  }

  /**
   * Recomputes every hash and link of the chain in order and names the first entry that does not
   * hold: an edited entry (its hash), a removed one (the next entry's link or a gap in seq), or
   * entries removed from the end (the chain's head remembers how long it was).
   */
  @Transactional(readOnly = true)
  public ChainVerification verify(UUID workspaceId) {
    access.require(workspaceId, Role.ADMIN);
    var checker = new ChainChecker();
    jdbc.sql(
            """
            SELECT seq, prev_hash, hash,
                   orchestrate_audit_hash(prev_hash, workspace_id, seq, action, category, actor_id,
                                          details, created_at) AS expected
            FROM audit_logs WHERE workspace_id = ? ORDER BY seq
            """)
        .param(workspaceId)
        .query(
            rs -> {
              checker.next(
                  rs.getLong("seq"),
                  rs.getString("prev_hash"),
                  rs.getString("hash"),
                  rs.getString("expected"));
            });
    long head =
        jdbc.sql("SELECT orchestrate_audit_head(?)").param(workspaceId).query(Long.class).single();
    return checker.result(head);
  }
}
