package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.time.Clock;
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
   * Answers the execution's {@code version} as this write found it, so that the runner learns of a
   * decision made meanwhile without reading the execution again.
   */
  long append(Lease lease, List<EngineEvent> events) {
    return append(lease, events, 0);
  }

  /** {@link #append}, also counting {@code runs} new node runs in the same statement. */
  long append(Lease lease, List<EngineEvent> events, int runs) {
    var appended =
        jdbc.sql(
                """
                UPDATE pipeline_executions SET last_event_seq = last_event_seq + ?,
                       node_runs = node_runs + ?, updated_at = now()
                WHERE id = ? AND owner = ? AND lease_epoch = ?
                RETURNING last_event_seq, version
                """)
            .params(events.size(), runs, lease.executionId(), lease.owner(), lease.epoch())
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .optional()
            .orElseThrow(() -> new LeaseLostException(lease));
    insert(lease.executionId(), lease.workspaceId(), appended[0] - events.size() + 1, events);
    return appended[1];
  }

  /**
   * Takes the seqs of a step completion's events in the statement that adds its cost to the run:
   * {@code own} events, plus {@code next} step starts (and as many node runs) only while the
   * execution's version is still {@code knownVersion}. The caller inserts the events with {@link
   * #insert}, knowing from the answered version whether the starts were counted.
   */
  Appended appendStep(
      Lease lease,
      int own,
      int next,
      long knownVersion,
      BigDecimal cost,
      long inputTokens,
      long outputTokens) {
    return jdbc.sql(
            """
            UPDATE pipeline_executions
            SET last_event_seq = last_event_seq + :own + CASE WHEN version = :known THEN :next ELSE 0 END,
                node_runs = node_runs + CASE WHEN version = :known THEN :next ELSE 0 END,
                total_cost = total_cost + :cost, input_tokens = input_tokens + :in,
                output_tokens = output_tokens + :out, updated_at = now()
            WHERE id = :id AND owner = :owner AND lease_epoch = :epoch
            RETURNING last_event_seq, version, total_cost, budget
            """)
        .param("own", own)
        .param("known", knownVersion)
        .param("next", next)
        .param("cost", cost)
        .param("in", inputTokens)
        .param("out", outputTokens)
        .param("id", lease.executionId())
        .param("owner", lease.owner())
        .param("epoch", lease.epoch())
        .query(
            (rs, n) ->
                new Appended(
                    rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
        .optional()
        .orElseThrow(() -> new LeaseLostException(lease));
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

  /**
   * What {@link #appendStep} took.
   *
   * @param lastSeq the execution's last event seq, the step's events included
   * @param spent what the run has spent, this step included
   * @param budget the run's budget; null when unlimited
   */
  record Appended(long lastSeq, long version, BigDecimal spent, BigDecimal budget) {}

  /** One statement for the whole batch, announced as one batch. */
  void insert(UUID executionId, UUID workspaceId, long firstSeq, List<EngineEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    Statement insert = insertStatement(executionId, workspaceId, firstSeq, events);
    jdbc.sql(insert.sql()).params(insert.params()).update();
    written(executionId, workspaceId, firstSeq, firstSeq + events.size() - 1, insert.events());
  }

  /**
   * The INSERT of {@link #insert}, for a caller that runs it as part of a larger statement (and
   * then reports it to {@link #written} itself).
   */
  Statement insertStatement(
      UUID executionId, UUID workspaceId, long firstSeq, List<EngineEvent> events) {
    String ts = clock.instant().toString();
    var sql =
        new StringBuilder(
            "INSERT INTO execution_events (execution_id, seq, workspace_id, type, payload) VALUES ");
    List<Object> params = new java.util.ArrayList<>();
    List<ExecutionSignals.Committed> written = new java.util.ArrayList<>();
    long seq = firstSeq;
    for (EngineEvent event : events) {
      sql.append(seq == firstSeq ? "" : ", ").append("(?, ?, ?, ?, ?::jsonb)");
      String text = json.writeValueAsString(payload(executionId, seq, ts, event));
      params.addAll(List.of(executionId, seq, workspaceId, event.type(), text));
      written.add(new ExecutionSignals.Committed(seq, event.type(), text));
      seq++;
    }
    return new Statement(sql.toString(), params, written);
  }

  /**
   * Events whose seqs the statement writing them takes: their payloads as JSON without {@code seq}
   * (the statement adds it), and, once the seqs are known, {@link Unnumbered#committed} as {@link
   * #insertStatement} would have written them.
   */
  Unnumbered unnumbered(UUID executionId, List<EngineEvent> events) {
    String ts = clock.instant().toString();
    List<String> texts =
        events.stream()
            .map(event -> json.writeValueAsString(payload(executionId, null, ts, event)))
            .toList();
    return new Unnumbered(executionId, ts, events, texts);
  }

  /** See {@link #unnumbered}. */
  final class Unnumbered {
    private final UUID executionId;
    private final String ts;
    private final List<EngineEvent> events;
    private final List<String> texts;

    private Unnumbered(UUID executionId, String ts, List<EngineEvent> events, List<String> texts) {
      this.executionId = executionId;
      this.ts = ts;
      this.events = events;
      this.texts = texts;
    }

    List<EngineEvent> events() {
      return events;
    }

    /** The payloads without their seq, in order. */
    List<String> texts() {
      return texts;
    }

    /** The events as stored, numbered from {@code firstSeq}. */
    List<ExecutionSignals.Committed> committed(long firstSeq) {
      List<ExecutionSignals.Committed> written = new java.util.ArrayList<>();
      long seq = firstSeq;
      for (EngineEvent event : events) {
        written.add(
            new ExecutionSignals.Committed(
                seq, event.type(), json.writeValueAsString(payload(executionId, seq, ts, event))));
        seq++;
      }
      return written;
    }
  }

  private static Map<String, Object> payload(
      UUID executionId, Long seq, String ts, EngineEvent event) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", event.type());
    payload.put("execution_id", executionId);
    if (seq != null) {
      payload.put("seq", seq);
    }
    payload.put("ts", ts);
    payload.putAll(event.fields());
    return payload;
  }

  /**
   * Announces written events once they are committed: never from inside the transaction (a NOTIFY
   * there would serialise every commit on PostgreSQL's notify queue), and never if it rolls back.
   * Without a transaction the write is already committed.
   */
  void written(UUID executionId, UUID workspaceId, long firstSeq, long lastSeq) {
    written(executionId, workspaceId, firstSeq, lastSeq, List.of());
  }

  /**
   * As {@link #written(UUID, UUID, long, long)}, with the events as stored (from {@link
   * Statement#events}), so that this instance's subscribers get them without reading them back.
   */
  void written(
      UUID executionId,
      UUID workspaceId,
      long firstSeq,
      long lastSeq,
      List<ExecutionSignals.Committed> events) {
    ExecutionSignals announcer = target();
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      announcer.eventsCommitted(executionId, workspaceId, firstSeq, lastSeq, events);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            announcer.eventsCommitted(executionId, workspaceId, firstSeq, lastSeq, events);
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
        public void eventsCommitted(
            UUID executionId,
            UUID workspaceId,
            long first,
            long last,
            List<ExecutionSignals.Committed> events) {}

        @Override
        public void workQueued() {}
      };

  /** SQL with its positional parameters, and the events it writes as they will be stored. */
  record Statement(String sql, List<Object> params, List<ExecutionSignals.Committed> events) {

    Statement(String sql, List<Object> params) {
      this(sql, params, List.of());
    }
  }
}
