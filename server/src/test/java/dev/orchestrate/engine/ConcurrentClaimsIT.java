package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances claiming from one database at the same moment together respect a workspace's cap.
 * The instances are two claimers of the repository with their own names (this service's engine is
 * off, so the queued executions wait for them alone); the first claim's transaction is held open
 * while the second claims, which is when each would count the other's claims as not yet made.
 */
@TestPropertySource(properties = "orchestrate.engine.enabled=false")
class ConcurrentClaimsIT extends ServiceTest {

  private static final int CAP = 2;
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final Tenancy tenancy;
  private final Claims repository;
  private final ExecutionRepository executions;

  /** A thread per claim: the common pool may have a single thread on a small machine. */
  private final Executor threads = Executors.newVirtualThreadPerTaskExecutor();

  @Autowired
  ConcurrentClaimsIT(Tenancy tenancy, Claims repository, ExecutionRepository executions) {
    this.tenancy = tenancy;
    this.repository = repository;
    this.executions = executions;
  }

  @Test
  void twoInstancesClaimingAtOnceKeepTheWorkspaceCap() {
    UUID ws = queued(5);
    var overlapping =
        overlap(
            // The first claims no more rows than the cap, leaving the rest unlocked for the second.
            () -> repository.claim("instance-a", LEASE, CAP, CAP),
            () -> repository.claim("instance-b", LEASE, 10, CAP));
    assertThat(overlapping.first()).hasSize(CAP);
    assertThat(overlapping.second()).isEmpty();
    assertThat(busy(ws)).isEqualTo(CAP);
  }

  @Test
  void aHandOverAndAClaimAtOnceKeepTheWorkspaceCap() {
    UUID ws = queued(5);
    tenancy.inSystemTransaction(
        "test claims one", () -> repository.claim("instance-a", LEASE, 1, CAP));
    var overlapping =
        overlap(
            () -> repository.claimNext(ws, "instance-a", LEASE, CAP).stream().toList(),
            () -> repository.claim("instance-b", LEASE, 10, CAP));
    assertThat(overlapping.first()).hasSize(1);
    assertThat(overlapping.second()).isEmpty();
    assertThat(busy(ws)).isEqualTo(CAP);
  }

  @Test
  void twoHandOversInOneWorkspaceAtOnceKeepItsCap() {
    UUID ws = queued(5);
    tenancy.inSystemTransaction(
        "test claims one", () -> repository.claim("instance-a", LEASE, 1, CAP));
    var overlapping =
        overlap(
            () -> repository.claimNext(ws, "instance-a", LEASE, CAP).stream().toList(),
            () -> repository.claimNext(ws, "instance-b", LEASE, CAP).stream().toList());
    assertThat(overlapping.first()).hasSize(1);
    assertThat(overlapping.second()).isEmpty();
    assertThat(busy(ws)).isEqualTo(CAP);
  }

  /**
   * A runner that finishes with nothing of its workspace queued answers at once, without waiting
   * for the workspace's claim lock that an approval or a claim holds until its commit.
   */
  @Test
  void aHandOverWithNothingQueuedDoesNotWaitForTheWorkspaceLock() {
    UUID ws = queued(1);
    tenancy.inSystemTransaction(
        "test claims the only one", () -> repository.claim("instance-a", LEASE, 1, CAP));
    var locked = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var holder =
        CompletableFuture.runAsync(
            () ->
                tenancy.inSystemTransaction(
                    "test holds the workspace's claim lock",
                    () -> {
                      jdbc.sql(
                              """
                              SELECT pg_advisory_xact_lock(
                                hashtext(:lock), hashtext(CAST(CAST(:ws AS uuid) AS text)))
                              """)
                          .param("lock", Claims.CLAIM_LOCK)
                          .param("ws", ws)
                          .query((rs, n) -> 1)
                          .single();
                      locked.countDown();
                      awaitQuietly(release);
                      return null;
                    }),
            threads);
    try {
      awaitQuietly(locked);
      var handOver =
          CompletableFuture.supplyAsync(
              () ->
                  tenancy.inSystemTransaction(
                      "hand over",
                      () -> repository.claimNext(ws, "instance-a", LEASE, CAP).stream().toList()),
              threads);
      await()
          .atMost(Executions.WAIT)
          .failFast("the hand-over waits for the workspace's lock", this::claimWaiting)
          .until(handOver::isDone);
      assertThat(handOver.join()).isEmpty();
    } finally {
      release.countDown();
      holder.join();
    }
  }

  /**
   * An approval's claim leaves a run that started before (resumed after its gate) running, all its
   * runner's first transaction did, so the runner begins with its first step; a run that never
   * started stays queued (its runner begins and announces it). Either way it counts against the
   * cap.
   */
  @Test
  void aDecisionClaimsAResumedRunAsRunningAndANewOneAsQueued() {
    UUID ws = queued(2);
    List<UUID> ids =
        tenancy.inSystemTransaction(
            "test reads the queued runs",
            () ->
                jdbc.sql(
                        "SELECT id FROM pipeline_executions WHERE workspace_id = ? ORDER BY created_at")
                    .param(ws)
                    .query(UUID.class)
                    .list());
    UUID resumed = ids.get(0);
    UUID fresh = ids.get(1);
    tenancy.inSystemTransaction(
        "test: the first ran before",
        () ->
            jdbc.sql("UPDATE pipeline_executions SET started_at = now() WHERE id = ?")
                .param(resumed)
                .update());
    for (UUID id : ids) {
      tenancy.inSystemTransaction(
          "decision claims",
          () -> {
            var queued = new Snapshot(executions.find(id).orElseThrow(), List.of());
            assertThat(repository.claimQueued(id, ws, "instance-a", LEASE, CAP)).isPresent();
            assertThat(executions.find(id).orElseThrow())
                .as("what the runner is handed is what the claim left")
                .isEqualTo(Claims.asClaimed(queued).execution());
            return null;
          });
    }
    assertThat(status(ws, resumed)).isEqualTo("running");
    assertThat(status(ws, fresh)).isEqualTo("queued");
    assertThat(busy(ws)).isEqualTo(CAP);
  }

  private String status(UUID ws, UUID id) {
    return tenancy.inSystemTransaction(
        "test reads a status",
        () ->
            jdbc.sql("SELECT status FROM pipeline_executions WHERE workspace_id = ? AND id = ?")
                .params(ws, id)
                .query(String.class)
                .single());
  }

  /**
   * A heartbeat does not wait for an execution row that a transaction of its own runner holds
   * locked (drill 1 found the heartbeat queued behind runners waiting for their workspace's credit
   * account, every runner of the rows it had renewed queued behind it, and leases of a live
   * instance expiring): it renews the others at once and still counts the locked one as held. The
   * heartbeat runs under a lock timeout, so waiting would fail it rather than hang the test.
   */
  @Test
  void aHeartbeatSkipsARowItsRunnerHoldsLockedAndKeepsItHeld() {
    queued(2);
    List<Lease> leases =
        tenancy.inSystemTransaction(
            "test claims two", () -> repository.claim("instance-h", LEASE, 2, CAP));
    assertThat(leases).hasSize(2);
    Lease busy = leases.get(0);
    Lease free = leases.get(1);
    var locked = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var runner =
        CompletableFuture.runAsync(
            () ->
                tenancy.inSystemTransaction(
                    "a runner's transition holds its row",
                    () -> {
                      jdbc.sql("SELECT 1 FROM pipeline_executions WHERE id = ? FOR UPDATE")
                          .param(busy.executionId())
                          .query(Integer.class)
                          .single();
                      locked.countDown();
                      awaitQuietly(release);
                      return null;
                    }),
            threads);
    try {
      awaitQuietly(locked);
      var before = leaseUntil(free);
      var held =
          tenancy.inSystemTransaction(
              "heartbeat",
              () -> {
                jdbc.sql("SET LOCAL lock_timeout = '3s'").update();
                return repository.heartbeat("instance-h", leases, Duration.ofMinutes(5));
              });
      assertThat(held)
          .extracting(Claims.Held::executionId)
          .containsExactlyInAnyOrder(busy.executionId(), free.executionId());
      assertThat(leaseUntil(free)).isAfter(before);
    } finally {
      release.countDown();
      runner.join();
    }
  }

  private java.time.OffsetDateTime leaseUntil(Lease lease) {
    return tenancy.inSystemTransaction(
        "test reads a lease",
        () ->
            jdbc.sql("SELECT lease_until FROM pipeline_executions WHERE id = ?")
                .param(lease.executionId())
                .query(java.time.OffsetDateTime.class)
                .single());
  }

  /** What two claims answered, the second made while the first's transaction was still open. */
  private record Overlap(List<Lease> first, List<Lease> second) {}

  private Overlap overlap(Supplier<List<Lease>> first, Supplier<List<Lease>> second) {
    var claimed = new CountDownLatch(1);
    var commit = new CountDownLatch(1);
    var firstDone =
        CompletableFuture.supplyAsync(
            () ->
                tenancy.inSystemTransaction(
                    "first claim",
                    () -> {
                      var leases = first.get();
                      claimed.countDown();
                      awaitQuietly(commit);
                      return leases;
                    }),
            threads);
    try {
      awaitQuietly(claimed);
      var secondDone =
          CompletableFuture.supplyAsync(
              () -> tenancy.inSystemTransaction("second claim", second::get), threads);
      // The second claim either answers at once (it did not wait for the first) or waits for a
      // lock the first holds; either way it has counted by then.
      await().atMost(Executions.WAIT).until(() -> secondDone.isDone() || claimWaiting());
      commit.countDown();
      return new Overlap(firstDone.join(), secondDone.join());
    } finally {
      commit.countDown();
    }
  }

  /** Whether a claim waits for a workspace's claim lock. */
  private boolean claimWaiting() {
    return tenancy.inSystemTransaction(
        "test looks for a waiting claim",
        () ->
            jdbc.sql(
                        """
                    SELECT count(*) FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted
                      AND objsubid = 2 AND classid = hashtext(:lock)::oid
                    """)
                    .param("lock", Claims.CLAIM_LOCK)
                    .query(Long.class)
                    .single()
                > 0);
  }

  /** A new workspace with {@code count} queued executions (none claimed: the engine is off). */
  private UUID queued(int count) {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'out', 'nodes': [
               {'id': 'out', 'type': 'finalize', 'label': 'Out'}],
             'edges': []}
            """);
    for (int i = 0; i < count; i++) {
      executions.start(pipeline, Map.of("n", i));
    }
    return user.workspaceId();
  }

  private long busy(UUID ws) {
    return tenancy.inSystemTransaction(
        "test counts busy executions",
        () ->
            jdbc.sql(
                    """
                    SELECT count(*) FROM pipeline_executions
                    WHERE workspace_id = ?
                      AND (status = 'running' OR (status = 'queued' AND owner IS NOT NULL))
                    """)
                .param(ws)
                .query(Long.class)
                .single());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
