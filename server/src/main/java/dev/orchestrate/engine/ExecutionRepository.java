package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline_executions table. Every write of a runner is guarded by {@code owner} and {@code
 * lease_epoch}: an instance that lost its lease changes no row and learns so from the count.
 */
@Repository
class ExecutionRepository {

  private static final String COLUMNS =
      """
      id, workspace_id, pipeline_id, pipeline_version, status, input::text AS input,
      output::text AS output, error::text AS error, total_cost, budget, input_tokens, output_tokens,
      idempotency_key, request_hash, node_runs, cancel_requested, version, created_at, started_at,
      finished_at, coalesce(secrets_as_of, created_at) AS secrets_as_of
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ExecutionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Inserts a queued execution, or nothing when another start holds the same idempotency key. The
   * conflict is resolved by the index, not by an exception, so the transaction stays usable: a
   * concurrent duplicate waits for the first start to commit and then reads its execution.
   */
  Optional<UUID> insert(
      UUID ws,
      UUID pipelineId,
      int version,
      JsonNode input,
      BigDecimal budget,
      String key,
      String hash,
      UUID by) {
    return jdbc.sql(
            """
            INSERT INTO pipeline_executions (workspace_id, pipeline_id, pipeline_version, status, input,
                                             budget, idempotency_key, request_hash, started_by)
            VALUES (?, ?, ?, 'queued', ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """)
        .params(ws, pipelineId, version, json.writeValueAsString(input), budget, key, hash, by)
        .query(UUID.class)
        .optional();
  }

  Optional<ExecutionRow> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM pipeline_executions WHERE id = ?")
        .param(id)
        .query(this::row)
        .optional();
  }

  Optional<ExecutionRow> lock(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM pipeline_executions WHERE id = ? FOR UPDATE")
        .param(id)
        .query(this::row)
        .optional();
  }

  /**
   * Locks the execution's row while {@code lease} still holds it, so that no instance can claim it
   * until the caller's transaction ends; false (nothing locked) when the lease is lost. {@code FOR
   * NO KEY UPDATE} is the lock a claim's UPDATE needs, so a claim waits for it.
   */
  boolean lockHeld(Lease lease) {
    return jdbc.sql(
            """
            SELECT 1 FROM pipeline_executions WHERE id = ? AND owner = ? AND lease_epoch = ?
            FOR NO KEY UPDATE
            """)
        .params(lease.executionId(), lease.owner(), lease.epoch())
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /**
   * Renews a lease whose row this transaction holds locked, from the statement's own clock: a
   * transaction that waited on other locks past its lease would otherwise commit with the lease run
   * out (the heartbeat skips rows locked by others), and any claim could take the run over.
   */
  void renewLocked(Lease lease, Duration duration) {
    jdbc.sql(
            """
            UPDATE pipeline_executions
            SET lease_until = clock_timestamp() + make_interval(secs => ?)
            WHERE id = ? AND owner = ? AND lease_epoch = ?
            """)
        .params(
            (double) duration.toMillis() / 1000, lease.executionId(), lease.owner(), lease.epoch())
        .update();
  }

  Optional<ExecutionRow> findByKey(UUID ws, String key) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM pipeline_executions WHERE workspace_id = ? AND idempotency_key = ?")
        .params(ws, key)
        .query(this::row)
        .optional();
  }

  List<ExecutionRow> page(ExecutionFilter filter, int limit, Instant beforeAt, UUID beforeId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM pipeline_executions
                WHERE workspace_id = :ws
                  AND (CAST(:pipeline AS uuid) IS NULL OR pipeline_id = :pipeline)
                  AND (CAST(:statuses AS text[]) IS NULL OR status = ANY (CAST(:statuses AS text[])))
                  AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
                  AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
                  AND (CAST(:at AS timestamptz) IS NULL OR (created_at, id) < (:at, :id))
                ORDER BY created_at DESC, id DESC LIMIT :limit
                """)
        .param("ws", filter.workspaceId())
        .param("pipeline", filter.pipelineId())
        .param(
            "statuses",
            filter.statuses().isEmpty() ? null : filter.statuses().toArray(String[]::new))
        .param("from", filter.from() == null ? null : Timestamp.from(filter.from()))
        .param("to", filter.to() == null ? null : Timestamp.from(filter.to()))
        .param("at", beforeAt == null ? null : Timestamp.from(beforeAt))
        .param("id", beforeId)
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  /** The run begins (or resumes): queued becomes running. */
  boolean begin(Lease lease) {
    return guarded(
        lease,
        "status = 'running', started_at = coalesce(started_at, now())",
        "AND status IN ('queued', 'running')");
  }

  /**
   * Adds what a step attempt cost to the run's totals; answers what the run has now spent of its
   * budget.
   */
  Spending addUsage(Lease lease, BigDecimal cost, long inputTokens, long outputTokens) {
    return jdbc.sql(
            """
            UPDATE pipeline_executions SET total_cost = total_cost + ?, input_tokens = input_tokens + ?,
                   output_tokens = output_tokens + ?
            WHERE id = ? AND owner = ? AND lease_epoch = ?
            RETURNING total_cost, budget
            """)
        .params(cost, inputTokens, outputTokens, lease.executionId(), lease.owner(), lease.epoch())
        .query((rs, n) -> new Spending(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .optional()
        .orElseThrow(() -> new LeaseLostException(lease));
  }

  void countRuns(Lease lease, int runs) {
    jdbc.sql(
            "UPDATE pipeline_executions SET node_runs = node_runs + ? WHERE id = ? AND owner = ? AND lease_epoch = ?")
        .params(runs, lease.executionId(), lease.owner(), lease.epoch())
        .update();
  }

  /** Ends the execution and gives up the lease. */
  boolean finish(Lease lease, ExecutionStatus status, JsonNode output, JsonNode error) {
    return jdbc.sql(
                """
                UPDATE pipeline_executions
                SET status = ?, output = ?::jsonb, error = ?::jsonb, finished_at = now(),
                    owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = ? AND owner = ? AND lease_epoch = ?
                """)
            .params(
                status.wire(),
                output == null ? null : json.writeValueAsString(output),
                error == null ? null : json.writeValueAsString(error),
                lease.executionId(),
                lease.owner(),
                lease.epoch())
            .update()
        == 1;
  }

  /**
   * Parks an execution whose only work left is waiting gates: no thread, no lease. Refused when a
   * decision arrived since {@code seenVersion} (the runner then looks again).
   */
  boolean park(Lease lease, long seenVersion) {
    return jdbc.sql(
                """
                UPDATE pipeline_executions
                SET status = 'awaiting_approval', owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = ? AND owner = ? AND lease_epoch = ? AND version = ?
                """)
            .params(lease.executionId(), lease.owner(), lease.epoch(), seenVersion)
            .update()
        == 1;
  }

  /** A decision outside the runner (approval, retry) hands the execution to any instance. */
  void requeue(UUID id) {
    jdbc.sql(
            """
            UPDATE pipeline_executions
            SET status = 'queued', owner = NULL, lease_until = NULL, error = NULL, finished_at = NULL,
                updated_at = now()
            WHERE id = ?
            """)
        .param(id)
        .update();
  }

  /**
   * Takes {@code events} event seqs for a decision and bumps the version (as {@link
   * EventLog#appendAsDecision} does), and, when {@code requeue}, queues the execution again (as
   * {@link #requeue} does): one statement for what a decision writes to the row, answering the row
   * as it leaves it.
   */
  Decided decided(UUID id, int events, boolean requeue) {
    return jdbc.sql(
            """
            UPDATE pipeline_executions
            SET last_event_seq = last_event_seq + :events, version = version + 1, updated_at = now(),
                status = CASE WHEN :requeue THEN 'queued' ELSE status END,
                owner = CASE WHEN :requeue THEN NULL ELSE owner END,
                lease_until = CASE WHEN :requeue THEN NULL ELSE lease_until END,
                error = CASE WHEN :requeue THEN NULL ELSE error END,
                finished_at = CASE WHEN :requeue THEN NULL ELSE finished_at END
            WHERE id = :id
            RETURNING last_event_seq,"""
                + COLUMNS)
        .param("events", events)
        .param("requeue", requeue)
        .param("id", id)
        .query((rs, n) -> new Decided(row(rs, n), rs.getLong("last_event_seq")))
        .single();
  }

  /** The row after a decision, and the last event seq it took. */
  record Decided(ExecutionRow execution, long lastEventSeq) {}

  /** A larger budget, set by an owner or admin while the run waits for one. */
  void setBudget(UUID id, BigDecimal budget) {
    jdbc.sql("UPDATE pipeline_executions SET budget = ?, updated_at = now() WHERE id = ?")
        .params(budget, id)
        .update();
  }

  void requestCancel(UUID id) {
    jdbc.sql(
            "UPDATE pipeline_executions SET cancel_requested = true, version = version + 1 WHERE id = ?")
        .param(id)
        .update();
  }

  /** Ends an execution nobody is running (queued or parked) as cancelled or rejected. */
  void endUnowned(UUID id, ExecutionStatus status, JsonNode error) {
    jdbc.sql(
            """
            UPDATE pipeline_executions SET status = ?, error = ?::jsonb, finished_at = now(),
                   owner = NULL, lease_until = NULL, updated_at = now()
            WHERE id = ?
            """)
        .params(status.wire(), error == null ? null : json.writeValueAsString(error), id)
        .update();
  }

  private boolean guarded(Lease lease, String set, String extra) {
    return jdbc.sql(
                "UPDATE pipeline_executions SET "
                    + set
                    + ", updated_at = now() WHERE id = ? AND owner = ? AND lease_epoch = ? "
                    + extra)
            .params(lease.executionId(), lease.owner(), lease.epoch())
            .update()
        == 1;
  }

  private ExecutionRow row(ResultSet rs, int n) throws SQLException {
    return new ExecutionRow(
        rs.getObject("id", UUID.class),
        rs.getObject("workspace_id", UUID.class),
        rs.getObject("pipeline_id", UUID.class),
        rs.getInt("pipeline_version"),
        ExecutionStatus.of(rs.getString("status")),
        tree(rs.getString("input")),
        tree(rs.getString("output")),
        tree(rs.getString("error")),
        rs.getBigDecimal("total_cost"),
        rs.getBigDecimal("budget"),
        rs.getLong("input_tokens"),
        rs.getLong("output_tokens"),
        rs.getString("idempotency_key"),
        rs.getString("request_hash"),
        rs.getInt("node_runs"),
        rs.getBoolean("cancel_requested"),
        rs.getLong("version"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")),
        instant(rs.getTimestamp("secrets_as_of")));
  }

  private JsonNode tree(String text) {
    return text == null ? null : json.readTree(text);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  /** What a run has spent, and its budget (null: unlimited). */
  record Spending(BigDecimal spent, BigDecimal budget) {}
}
