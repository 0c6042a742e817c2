package dev.orchestrate.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends execution events inside the transaction of the transition that produced them. Seqs come
 * from the execution row's counter, taken under its row lock, so a stream has no gaps and one
 * order.
 */
@Repository
class EventLog {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final ObjectProvider<ExecutionSignals> signals;
  private volatile ExecutionSignals target;

  EventLog(
      JdbcClient jdbc, JsonMapper json, Clock clock, ObjectProvider<ExecutionSignals> signals) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.signals = signals;
  }

  /**
   * Appends as the lease holder; throws {@link LeaseLostException} (changing nothing) if it is not.
   */
  void append(Lease lease, List<EngineEvent> events) {
    Long last =
        jdbc.sql(
                """
                UPDATE pipeline_executions SET last_event_seq = last_event_seq + ?, updated_at = now()
                WHERE id = ? AND owner = ? AND lease_epoch = ?
                RETURNING last_event_seq
                """)
            .params(events.size(), lease.executionId(), lease.owner(), lease.epoch())
            .query(Long.class)
            .optional()
            .orElseThrow(() -> new LeaseLostException(lease));
    insert(lease.executionId(), lease.workspaceId(), last - events.size() + 1, events);
  }

  /**
   * Appends for a decision made outside the runner (approval, cancellation); bumps the execution's
   * version so a runner about to park the execution notices and looks again.
   */
  void appendAsDecision(UUID executionId, UUID workspaceId, List<EngineEvent> events) {
    long last =
        jdbc.sql(
                """
                UPDATE pipeline_executions
                SET last_event_seq = last_event_seq + ?, version = version + 1, updated_at = now()
                WHERE id = ? RETURNING last_event_seq
                """)
            .params(events.size(), executionId)
            .query(Long.class)
            .single();
    insert(executionId, workspaceId, last - events.size() + 1, events);
  }

  /** One statement for the whole batch, announced as one batch. */
  private void insert(UUID executionId, UUID workspaceId, long firstSeq, List<EngineEvent> events) {
    Instant now = clock.instant();
    var sql =
        new StringBuilder(
            "INSERT INTO execution_events (execution_id, seq, workspace_id, type, payload) VALUES ");
    List<Object> params = new java.util.ArrayList<>();
    long seq = firstSeq;
    for (EngineEvent event : events) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", event.type());
      payload.put("execution_id", executionId);
      payload.put("seq", seq);
      payload.put("ts", now.toString());
      payload.putAll(event.fields());
      sql.append(seq == firstSeq ? "" : ", ").append("(?, ?, ?, ?, ?::jsonb)");
      params.addAll(
          List.of(executionId, seq, workspaceId, event.type(), json.writeValueAsString(payload)));
      seq++;
    }
    jdbc.sql(sql.toString()).params(params).update();
    written(executionId, workspaceId, firstSeq, seq - 1);
  }

  /**
   * Announces written events once they are committed: never from inside the transaction (a NOTIFY
   * there would serialise every commit on PostgreSQL's notify queue), and never if it rolls back.
   * Without a transaction the write is already committed.
   */
  void written(UUID executionId, UUID workspaceId, long firstSeq, long lastSeq) {
    ExecutionSignals announcer = target();
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      announcer.eventsCommitted(executionId, workspaceId, firstSeq, lastSeq);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            announcer.eventsCommitted(executionId, workspaceId, firstSeq, lastSeq);
          }
        });
  }

  /** Looked up once: the lookup would otherwise cost every write a bean-factory search. */
  private ExecutionSignals target() {
    ExecutionSignals resolved = target;
    if (resolved == null) {
      resolved = signals.getIfAvailable(() -> NO_ONE);
      target = resolved;
    }
    return resolved;
  }

  /** Without the live module (a slice of the application), nobody is told. */
  private static final ExecutionSignals NO_ONE =
      new ExecutionSignals() {
        @Override
        public void eventsCommitted(UUID executionId, UUID workspaceId, long first, long last) {}

        @Override
        public void workQueued() {}
      };
}
