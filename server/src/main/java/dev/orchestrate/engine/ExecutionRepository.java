package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
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

  /**
   * The class of the advisory locks, one per workspace, that order claims across instances (see
   * {@link #claim}).
   */
  static final String CLAIM_LOCK = "orchestrate_engine_claims";

  /**
   * An execution that holds a slot of its workspace: running (even under an expired lease, until it
   * is claimed again), or claimed and about to begin. The partial index of V22 holds just these
   * rows, so counting them does not read a workspace's history.
   */
  private static final String BUSY =
      """
      (b.status = 'running' OR (b.status = 'queued' AND b.owner IS NOT NULL AND b.lease_until > now()))
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

  /**
   * Claims executions that are queued, or running under a lease that expired, skipping rows another
   * instance is claiming this very moment. Queued ones are taken only while their workspace has
   * fewer than {@code perWorkspace} busy (running, or claimed and about to run), counting the ones
   * this very claim takes, oldest first.
   *
   * <p>Counting busy executions and claiming more is not atomic under READ COMMITTED: two claims at
   * once would each miss the other's uncommitted claims and each fill a workspace to its cap. So a
   * claim first picks the workspaces it may claim in, takes their workspace locks (in one order, so
   * two claims never deadlock), and only then counts and claims, in a statement whose snapshot sees
   * every claim committed before it got the locks.
   */
  List<Lease> claim(String owner, Duration lease, int batch, int perWorkspace) {
    List<UUID> workspaces =
        jdbc.sql(
                """
                WITH busy AS (
                  SELECT b.workspace_id, count(*) AS n FROM pipeline_executions b
                  WHERE """
                    + BUSY
                    + """
                  GROUP BY b.workspace_id
                )
                SELECT DISTINCT c.workspace_id FROM (
                  SELECT c.workspace_id FROM pipeline_executions c
                  LEFT JOIN busy ON busy.workspace_id = c.workspace_id
                  WHERE c.status IN ('queued', 'running')
                    AND (c.lease_until IS NULL OR c.lease_until < now())
                    AND (c.status = 'running' OR coalesce(busy.n, 0) < :cap)
                  ORDER BY c.created_at
                  LIMIT :batch
                ) c
                """)
            .param("cap", perWorkspace)
            .param("batch", batch)
            .query(UUID.class)
            .list();
    if (workspaces.isEmpty()) {
      return List.of();
    }
    lockWorkspaces(workspaces);
    return jdbc.sql(
            """
            WITH busy AS (
              SELECT b.workspace_id, count(*) AS n FROM pipeline_executions b
              WHERE b.workspace_id = ANY (CAST(:workspaces AS uuid[])) AND """
                + BUSY
                + """
              GROUP BY b.workspace_id
            ), candidates AS (
              SELECT c.id, c.workspace_id, c.status, c.created_at, coalesce(busy.n, 0) AS busy
              FROM pipeline_executions c LEFT JOIN busy ON busy.workspace_id = c.workspace_id
              WHERE c.workspace_id = ANY (CAST(:workspaces AS uuid[]))
                AND c.status IN ('queued', 'running')
                AND (c.lease_until IS NULL OR c.lease_until < now())
                -- A workspace at its cap must not keep others' work from being claimed.
                AND (c.status = 'running' OR coalesce(busy.n, 0) < :cap)
              ORDER BY c.created_at
              LIMIT :batch
              FOR UPDATE OF c SKIP LOCKED
            ), ranked AS (
              SELECT k.id, k.status, k.busy,
                     row_number() OVER (PARTITION BY k.workspace_id, k.status ORDER BY k.created_at) AS place
              FROM candidates k
            )
            UPDATE pipeline_executions e
            SET owner = :owner, lease_epoch = e.lease_epoch + 1,
                lease_until = now() + make_interval(secs => :lease), updated_at = now()
            FROM ranked
            WHERE e.id = ranked.id
              AND (ranked.status = 'running' OR ranked.place <= :cap - ranked.busy)
            RETURNING e.id, e.workspace_id, e.owner, e.lease_epoch
            """)
        .param("workspaces", workspaces.toArray(UUID[]::new))
        .param("owner", owner)
        .param("lease", (double) lease.toMillis() / 1000)
        .param("cap", perWorkspace)
        .param("batch", batch)
        .query(ExecutionRepository::lease)
        .list();
  }

  /**
   * Claims the oldest queued execution of one workspace if the workspace is below its cap: a runner
   * that just finished there hands its slot on. Under the workspace's lock, like {@link #claim}, so
   * that neither a claim nor another hand-over in the workspace counts without this one.
   */
  Optional<Lease> claimNext(UUID workspaceId, String owner, Duration lease, int perWorkspace) {
    lockWorkspaces(List.of(workspaceId));
    return jdbc.sql(
            """
            WITH next AS (
              SELECT c.id FROM pipeline_executions c
              WHERE c.workspace_id = :ws AND c.status = 'queued'
                AND (c.lease_until IS NULL OR c.lease_until < now())
                AND (SELECT count(*) FROM pipeline_executions b
                     WHERE b.workspace_id = :ws AND """
                + BUSY
                + """
                    ) < :cap
              ORDER BY c.created_at
              LIMIT 1
              FOR UPDATE SKIP LOCKED
            )
            UPDATE pipeline_executions e
            SET owner = :owner, lease_epoch = e.lease_epoch + 1,
                lease_until = now() + make_interval(secs => :lease), updated_at = now()
            FROM next
            WHERE e.id = next.id
            RETURNING e.id, e.workspace_id, e.owner, e.lease_epoch
            """)
        .param("ws", workspaceId)
        .param("owner", owner)
        .param("lease", (double) lease.toMillis() / 1000)
        .param("cap", perWorkspace)
        .query(ExecutionRepository::lease)
        .optional();
  }

  /**
   * Claims one queued execution, the one a decision just requeued, if its workspace is below its
   * cap: under the workspace's lock like {@link #claim}, so the cap holds across instances.
   */
  Optional<Lease> claimQueued(
      UUID id, UUID workspaceId, String owner, Duration lease, int perWorkspace) {
    lockWorkspaces(List.of(workspaceId));
    return jdbc.sql(
            """
            UPDATE pipeline_executions e
            SET owner = :owner, lease_epoch = e.lease_epoch + 1,
                lease_until = now() + make_interval(secs => :lease), updated_at = now()
            WHERE e.id = :id AND e.workspace_id = :ws AND e.status = 'queued'
              AND (e.lease_until IS NULL OR e.lease_until < now())
              AND (SELECT count(*) FROM pipeline_executions b
                   WHERE b.workspace_id = :ws AND """
                + BUSY
                + """
                  ) < :cap
            RETURNING e.id, e.workspace_id, e.owner, e.lease_epoch
            """)
        .param("id", id)
        .param("ws", workspaceId)
        .param("owner", owner)
        .param("lease", (double) lease.toMillis() / 1000)
        .param("cap", perWorkspace)
        .query(ExecutionRepository::lease)
        .optional();
  }

  /**
   * Takes the claim locks of these workspaces until the transaction ends, in ascending order of
   * their keys (the sorted subquery feeds the aggregate in order), so that claims that want several
   * never wait for each other in a cycle.
   */
  private void lockWorkspaces(List<UUID> workspaces) {
    jdbc.sql(
            """
            SELECT count(pg_advisory_xact_lock(hashtext(:lock), k.key)) FROM (
              SELECT DISTINCT hashtext(CAST(w AS text)) AS key FROM unnest(CAST(:workspaces AS uuid[])) w
              ORDER BY key
            ) k
            """)
        .param("lock", CLAIM_LOCK)
        .param("workspaces", workspaces.toArray(UUID[]::new))
        .query(Long.class)
        .single();
  }

  private static Lease lease(ResultSet rs, int n) throws SQLException {
    return new Lease(
        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4));
  }

  /**
   * Renews the leases this process holds, each by execution and epoch (not only by owner name: a
   * restarted instance with the same name must not keep its dead predecessor's claims alive, and a
   * runner whose lease this instance has since claimed again must not stand for the new one);
   * answers the ones still held, with their cancel flag.
   */
  List<Held> heartbeat(String owner, Collection<Lease> held, Duration lease) {
    return jdbc.sql(
            """
            UPDATE pipeline_executions e SET lease_until = now() + make_interval(secs => ?)
            FROM unnest(?::uuid[], ?::bigint[]) AS h(id, epoch)
            WHERE e.id = h.id AND e.lease_epoch = h.epoch AND e.owner = ?
              AND e.status IN ('queued', 'running')
            RETURNING e.id, e.lease_epoch, e.cancel_requested
            """)
        .params(
            (double) lease.toMillis() / 1000,
            held.stream().map(Lease::executionId).toArray(UUID[]::new),
            held.stream().map(Lease::epoch).toArray(Long[]::new),
            owner)
        .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBoolean(3)))
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

  /** Gives a running execution back for any instance to claim (this one is shutting down). */
  void release(Lease lease) {
    jdbc.sql(
            """
            UPDATE pipeline_executions SET owner = NULL, lease_until = NULL
            WHERE id = ? AND owner = ? AND lease_epoch = ?
            """)
        .params(lease.executionId(), lease.owner(), lease.epoch())
        .update();
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

  /** A lease still held after a heartbeat, and whether someone asked to cancel its execution. */
  record Held(UUID executionId, long epoch, boolean cancelRequested) {}
}
