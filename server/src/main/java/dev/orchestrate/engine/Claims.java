package dev.orchestrate.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Leases on pipeline_executions: which instance runs which execution. Claims (by the claim loop, a
 * finishing runner handing its slot on, an approve), heartbeats and hand-backs; every other write
 * of a runner is fenced by the lease these give out ({@link ExecutionRepository}).
 */
@Repository
class Claims {

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

  Claims(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
        .query(Claims::lease)
        .list();
  }

  /**
   * Claims the oldest queued execution of one workspace if the workspace is below its cap: a runner
   * that just finished there hands its slot on. Under the workspace's lock, like {@link #claim}, so
   * that neither a claim nor another hand-over in the workspace counts without this one. When
   * nothing of the workspace is queued, it answers at once without the lock: a runner that finishes
   * (nearly always with nothing to hand on) must not queue behind the claims and approvals that
   * hold the lock, nor make them wait. Work queued just after that look wakes the claim loop, as it
   * would had this run a moment earlier.
   */
  Optional<Lease> claimNext(UUID workspaceId, String owner, Duration lease, int perWorkspace) {
    if (!lockIfQueued(workspaceId)) {
      return Optional.empty();
    }
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
        .query(Claims::lease)
        .optional();
  }

  /**
   * Claims one queued execution, the one a decision just requeued, if its workspace is below its
   * cap: under the workspace's lock like {@link #claim}, so the cap holds across instances. One
   * that started before (resumed after a gate) is claimed as running, which is all its runner's
   * first transaction would do (see {@link #asClaimed}); one that never started stays queued for
   * its runner to begin and announce.
   */
  Optional<Lease> claimQueued(
      UUID id, UUID workspaceId, String owner, Duration lease, int perWorkspace) {
    lockWorkspaces(List.of(workspaceId));
    return jdbc.sql(
            """
            UPDATE pipeline_executions e
            SET owner = :owner, lease_epoch = e.lease_epoch + 1,
                lease_until = now() + make_interval(secs => :lease), updated_at = now(),
                status = CASE WHEN e.started_at IS NULL THEN 'queued' ELSE 'running' END
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
        .query(Claims::lease)
        .optional();
  }

  /**
   * An execution as {@link #claimQueued} leaves it, from the row it claimed (read in the claiming
   * transaction, under the row's lock).
   */
  static Snapshot asClaimed(Snapshot queued) {
    ExecutionRow e = queued.execution();
    if (e.startedAt() == null) {
      return queued;
    }
    return new Snapshot(
        new ExecutionRow(
            e.id(),
            e.workspaceId(),
            e.pipelineId(),
            e.pipelineVersion(),
            ExecutionStatus.RUNNING,
            e.input(),
            e.output(),
            e.error(),
            e.totalCost(),
            e.budget(),
            e.inputTokens(),
            e.outputTokens(),
            e.idempotencyKey(),
            e.requestHash(),
            e.nodeRuns(),
            e.cancelRequested(),
            e.version(),
            e.createdAt(),
            e.startedAt(),
            e.finishedAt(),
            e.secretsAsOf()),
        queued.steps());
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

  /**
   * Takes the workspace's claim lock, as {@link #lockWorkspaces} does, if the workspace has a
   * queued execution nobody holds; false (no lock taken) when it has none.
   */
  private boolean lockIfQueued(UUID workspaceId) {
    return jdbc.sql(
                """
                SELECT count(pg_advisory_xact_lock(hashtext(:lock), hashtext(CAST(CAST(:ws AS uuid) AS text))))
                FROM (SELECT 1 WHERE EXISTS (
                  SELECT 1 FROM pipeline_executions c
                  WHERE c.workspace_id = :ws AND c.status = 'queued'
                    AND (c.lease_until IS NULL OR c.lease_until < now()))) queued
                """)
            .param("lock", CLAIM_LOCK)
            .param("ws", workspaceId)
            .query(Long.class)
            .single()
        > 0;
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
   *
   * <p>A row locked by another transaction is skipped, not waited for: it is almost always this
   * instance's own runner in the middle of a transition (which may itself wait, e.g. for the
   * workspace's credit account that every runner of the workspace settles on). Waiting for it held
   * every row already renewed locked, so each runner of those queued behind the heartbeat, and a
   * heartbeat late by more than the lease lost leases of a live instance, whose steps then ran
   * again (drill 1). A skipped row still counts as held if its owner and epoch are unchanged; it is
   * renewed at the next heartbeat, and its runner's writes stay fenced by the epoch meanwhile.
   */
  List<Held> heartbeat(String owner, Collection<Lease> held, Duration lease) {
    return jdbc.sql(
            """
            WITH mine AS (
              SELECT e.id, e.lease_epoch, e.cancel_requested
              FROM pipeline_executions e
              JOIN unnest(CAST(:ids AS uuid[]), CAST(:epochs AS bigint[])) AS h(id, epoch)
                ON e.id = h.id AND e.lease_epoch = h.epoch
              WHERE e.owner = :owner AND e.status IN ('queued', 'running')
            ), free AS (
              SELECT e.id FROM pipeline_executions e JOIN mine ON mine.id = e.id
              WHERE e.owner = :owner AND e.lease_epoch = mine.lease_epoch
                AND e.status IN ('queued', 'running')
              FOR UPDATE OF e SKIP LOCKED
            ), renewed AS (
              UPDATE pipeline_executions e SET lease_until = now() + make_interval(secs => :lease)
              FROM free WHERE e.id = free.id
              RETURNING e.id
            )
            SELECT id, lease_epoch, cancel_requested FROM mine
            """)
        .param("lease", (double) lease.toMillis() / 1000)
        .param("ids", held.stream().map(Lease::executionId).toArray(UUID[]::new))
        .param("epochs", held.stream().map(Lease::epoch).toArray(Long[]::new))
        .param("owner", owner)
        .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBoolean(3)))
        .list();
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

  /** A lease still held after a heartbeat, and whether someone asked to cancel its execution. */
  record Held(UUID executionId, long epoch, boolean cancelRequested) {}
}
