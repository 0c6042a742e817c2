package dev.orchestrate.live;

import dev.orchestrate.database.Tenancy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads events from the table the engine writes: the one source of truth for replay and for live
 * delivery alike, so the seam between them can neither lose nor repeat an event.
 */
@Component
class EventReader {

  private final JdbcClient jdbc;
  private final Tenancy tenancy;
  private final LiveProperties properties;

  EventReader(JdbcClient jdbc, Tenancy tenancy, LiveProperties properties) {
    this.jdbc = jdbc;
    this.tenancy = tenancy;
    this.properties = properties;
  }

  /** How many events {@link #after} returns at most. */
  int batch() {
    return properties.batch();
  }

  /** Events after {@code seq}, oldest first; callers checked the reader's membership before. */
  List<StoredEvent> after(UUID executionId, long seq) {
    return tenancy.inSystemTransaction(
        "live replay",
        () ->
            jdbc.sql(
                    """
                    SELECT seq, type, payload::text FROM execution_events
                    WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?
                    """)
                .params(executionId, seq, properties.batch())
                .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
  }

  /** Workspace-feed events of one execution in a seq range, each with its {@code ts} as SSE id. */
  List<StoredEvent> range(UUID executionId, long first, long last) {
    return tenancy.inSystemTransaction(
        "live workspace",
        () ->
            jdbc.sql(
                    """
                    SELECT seq, type, payload::text, payload->>'ts' FROM execution_events
                    WHERE execution_id = ? AND seq BETWEEN ? AND ? AND type = ANY (?) ORDER BY seq
                    """)
                .params(
                    executionId, first, last, WorkspaceSubscription.TYPES.toArray(String[]::new))
                .query(
                    (rs, n) ->
                        new StoredEvent(
                            rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
  }

  /**
   * A page of a workspace's feed written at or after {@code since}, in write order, after the
   * position {@code from} (null: from the start); each with its {@code ts} as SSE id.
   */
  List<FeedEvent> feed(UUID workspaceId, Instant since, FeedEvent from) {
    // The types are spelled out so that the partial index of V21 applies.
    return tenancy.inSystemTransaction(
        "live workspace replay",
        () ->
            jdbc.sql(
                    """
                    SELECT execution_id, seq, type, payload::text, payload->>'ts', created_at
                    FROM execution_events
                    WHERE workspace_id = ? AND created_at >= ?
                      AND type IN ('execution_start', 'execution_complete',
                                   'approval_required', 'approval_resolved')
                      AND (created_at, execution_id, seq) > (?, ?, ?)
                    ORDER BY created_at, execution_id, seq LIMIT ?
                    """)
                .params(
                    workspaceId,
                    Timestamp.from(since),
                    Timestamp.from(from == null ? since : from.createdAt()),
                    from == null ? new UUID(0, 0) : from.executionId(),
                    from == null ? 0 : from.event().seq(),
                    properties.batch())
                .query(
                    (rs, n) ->
                        new FeedEvent(
                            rs.getObject(1, UUID.class),
                            rs.getTimestamp(6).toInstant(),
                            new StoredEvent(
                                rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5))))
                .list());
  }

  /** The last seq of each of these executions that exists. */
  Map<UUID, Long> lastSeqs(Set<UUID> executionIds) {
    return tenancy.inSystemTransaction(
        "live sweep",
        () ->
            jdbc
                .sql("SELECT id, last_event_seq FROM pipeline_executions WHERE id = ANY (?)")
                .param(executionIds.toArray(UUID[]::new))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** A workspace-feed event with where it stands in the feed's order. */
  record FeedEvent(UUID executionId, Instant createdAt, StoredEvent event) {}

  /** The workspace an execution belongs to, if it exists. */
  Optional<UUID> workspaceOf(UUID executionId) {
    return tenancy.inSystemTransaction(
        "live lookup",
        () ->
            jdbc.sql("SELECT workspace_id FROM pipeline_executions WHERE id = ?")
                .param(executionId)
                .query(UUID.class)
                .optional());
  }
}
