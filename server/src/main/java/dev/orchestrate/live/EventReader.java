package dev.orchestrate.live;

import dev.orchestrate.database.Tenancy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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

  /** Events of one execution in a seq range whose type is one of {@code types}. */
  List<StoredEvent> range(UUID executionId, long first, long last, Set<String> types) {
    return tenancy.inSystemTransaction(
        "live workspace",
        () ->
            jdbc.sql(
                    """
                    SELECT seq, type, payload::text FROM execution_events
                    WHERE execution_id = ? AND seq BETWEEN ? AND ? AND type = ANY (?) ORDER BY seq
                    """)
                .params(executionId, first, last, types.toArray(String[]::new))
                .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
  }

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
