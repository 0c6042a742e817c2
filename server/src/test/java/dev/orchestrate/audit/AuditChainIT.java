package dev.orchestrate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The chain is extended after the audited action commits, not inside its transaction. */
class AuditChainIT extends ServiceTest {

  @Autowired Tenancy tenancy;
  @Autowired ApplicationEventPublisher events;
  @Autowired AuditProperties properties;
  @Autowired AuditSeals seals;
  @Autowired AuditLog auditLog;

  /** The schema owner: holds a chain's head lock the way a slow chainer would. */
  @Autowired
  @Qualifier("migrationDataSource")
  DataSource owner;

  @Test
  void anAuditedActionDoesNotWaitForAnotherActionsOpenTransactionInTheSameWorkspace()
      throws Exception {
    var user = api.signUp();
    awaitChained(user);
    var inserted = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var open =
        CompletableFuture.runAsync(
            () ->
                tenancy.inSystemTransaction(
                    "test",
                    () -> {
                      record(user.workspaceId(), "test.slow", Map.of());
                      inserted.countDown();
                      hold(release);
                      return null;
                    }));
    assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
    try {
      // Before: the first action held the chain's head row lock until its commit, so this one
      // waited for it (and here ran into the lock timeout).
      tenancy.inSystemTransaction(
          "test",
          () -> {
            jdbc.sql("SET LOCAL lock_timeout = '2s'").update();
            record(user.workspaceId(), "test.fast", Map.of());
            return null;
          });
    } finally {
      release.countDown();
      open.get(30, TimeUnit.SECONDS);
    }
    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    // Chained in commit order, or in insertion order when one chaining finds both committed.
    assertThat(actions(user)).contains("test.slow", "test.fast");
  }

  @Test
  void anActionThatRollsBackLeavesNoEntryAndNoGap() {
    var user = api.signUp();
    assertThatThrownBy(
            () ->
                tenancy.inSystemTransaction(
                    "test",
                    () -> {
                      record(user.workspaceId(), "test.rolled_back", Map.of());
                      throw new IllegalStateException("the action fails after its audit");
                    }))
        .hasMessageContaining("the action fails");
    tenancy.inSystemTransaction(
        "test",
        () -> {
          record(user.workspaceId(), "test.committed", Map.of());
          return null;
        });

    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(actions(user)).contains("test.committed").doesNotContain("test.rolled_back");
    assertGapFree(user.workspaceId(), verdict.get("entries").asLong());
  }

  @Test
  void concurrentActionsInOneWorkspaceAreAllChainedWithoutGapsAndVerify() throws Exception {
    var user = api.signUp();
    int threads = 16;
    int each = 25;
    try (var pool = Executors.newFixedThreadPool(threads)) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < each; i++) {
                    int n = i;
                    tenancy.inSystemTransaction(
                        "test",
                        () -> {
                          record(
                              user.workspaceId(),
                              "test.concurrent",
                              Map.of("thread", thread, "i", n));
                          return null;
                        });
                  }
                },
                pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }

    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    long concurrent =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql(
                        "SELECT count(*) FROM audit_logs WHERE workspace_id = ? AND action = 'test.concurrent' AND seq IS NOT NULL")
                    .param(user.workspaceId())
                    .query(Long.class)
                    .single());
    assertThat(concurrent).isEqualTo(threads * each);
    assertGapFree(user.workspaceId(), verdict.get("entries").asLong());
  }

  @Test
  void entriesThatNoChainerWasWokenForAreChainedByAnotherInstancesSweep() {
    var user = api.signUp();
    awaitChained(user);
    // Committed entries whose instance stopped before chaining them: inserted directly, so no
    // after-commit wake-up on any instance.
    tenancy.inSystemTransaction(
        "test",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO audit_logs (workspace_id, action, category, details)
                    SELECT ?, 'test.orphaned', 'test', jsonb_build_object('i', g)
                    FROM generate_series(1, 50) g
                    """)
                .param(user.workspaceId())
                .update());

    // Another instance's chainer (this service's own may race it: the head lock orders them).
    new AuditChainer(jdbc, tenancy, properties, seals, auditLog).sweep();

    long unchained =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql("SELECT count(*) FROM audit_logs WHERE workspace_id = ? AND seq IS NULL")
                    .param(user.workspaceId())
                    .query(Long.class)
                    .single());
    assertThat(unchained).isZero();
    var verdict = verify(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(verdict.get("pending").asLong()).isZero();
    assertGapFree(user.workspaceId(), verdict.get("entries").asLong());
  }

  @Test
  void whileAnEntryWaitsForTheChainTheLogListsItFirstAndVerificationCountsIt() throws Exception {
    var user = api.signUp();
    api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 1));
    awaitChained(user);
    long head = verify(user).get("entries").asLong();

    try (Connection lock = owner.getConnection()) {
      lock.setAutoCommit(false);
      try (var st =
          lock.prepareStatement("SELECT 1 FROM audit_chain_heads WHERE chain_id = ? FOR UPDATE")) {
        st.setObject(1, user.workspaceId());
        st.executeQuery();
      }
      // The grant commits at once: its entry waits for the head, the action does not.
      assertThat(
              api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 2)).status())
          .isEqualTo(201);

      var log = api.get(user.ws() + "/audit-logs?limit=2", user.token());
      JsonNode waiting = log.body().get(0);
      assertThat(waiting.get("action").asString()).isEqualTo("credits.granted");
      assertThat(waiting.get("details").get("amount").asInt()).isEqualTo(2);
      assertThat(waiting.path("seq").isNull() || waiting.path("seq").isMissingNode()).isTrue();
      assertThat(log.body().get(1).get("seq").asLong()).isEqualTo(head);
      assertThat(log.headers().firstValue("X-Next-Cursor")).contains(Long.toString(head));
      var onlyWaiting = api.get(user.ws() + "/audit-logs?limit=1", user.token());
      // A page of waiting entries only goes on with the newest chained entry.
      assertThat(onlyWaiting.headers().firstValue("X-Next-Cursor"))
          .contains(Long.toString(head + 1));

      var verdict = verify(user);
      assertThat(verdict.get("valid").asBoolean()).isTrue();
      assertThat(verdict.get("entries").asLong()).isEqualTo(head);
      assertThat(verdict.get("pending").asLong()).isEqualTo(1);
      assertThat(verdict.get("stale_pending").asLong()).isZero();
      lock.rollback();
    }
    // The lock is gone: the chainer links the entry.
    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(verdict.get("entries").asLong()).isEqualTo(head + 1);
  }

  @Test
  void anEntryWaitingLongerThanTheBoundMakesTheChainInvalid() throws Exception {
    var user = api.signUp();
    awaitChained(user);
    try (Connection lock = owner.getConnection()) {
      lock.setAutoCommit(false);
      try (var st =
          lock.prepareStatement("SELECT 1 FROM audit_chain_heads WHERE chain_id = ? FOR UPDATE")) {
        st.setObject(1, user.workspaceId());
        st.executeQuery();
      }
      tenancy.inSystemTransaction(
          "test",
          () -> {
            record(user.workspaceId(), "test.stuck", Map.of());
            return null;
          });
      // Moved back in time by the schema owner, in another transaction than the lock's.
      JdbcClient.create(owner)
          .sql(
              "UPDATE audit_logs SET created_at = now() - interval '1 hour' WHERE workspace_id = ? AND seq IS NULL")
          .param(user.workspaceId())
          .update();

      var verdict = verify(user);
      assertThat(verdict.get("valid").asBoolean()).isFalse();
      assertThat(verdict.get("pending").asLong()).isEqualTo(1);
      assertThat(verdict.get("stale_pending").asLong()).isEqualTo(1);
      assertThat(verdict.has("first_bad_seq")).isFalse();
      lock.rollback();
    }
    assertThat(awaitChained(user).get("valid").asBoolean()).isTrue();
  }

  @Test
  void theServiceCanNeitherWriteChainColumnsNorRewriteChainedEntries() {
    var user = api.signUp();
    awaitChained(user);
    tenancy.inSystemTransaction(
        "test",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO audit_logs (workspace_id, seq, action, category, prev_hash, hash)
                    VALUES (?, 999, 'test.forged', 'test', 'x', 'y')
                    """)
                .param(user.workspaceId())
                .update());
    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertGapFree(user.workspaceId(), verdict.get("entries").asLong());

    // Chaining again links nothing and changes nothing already chained.
    assertThat(
            new AuditChainer(jdbc, tenancy, properties, seals, auditLog).chain(user.workspaceId()))
        .isZero();
    assertThatThrownBy(
            () ->
                tenancy.inSystemTransaction(
                    "test",
                    () ->
                        jdbc.sql("UPDATE audit_logs SET seq = NULL WHERE workspace_id = ?")
                            .param(user.workspaceId())
                            .update()))
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  private void record(UUID workspaceId, String action, Map<String, Object> details) {
    events.publishEvent(new AuditEvent(workspaceId, null, "test", action, details));
  }

  private JsonNode verify(Api.Session user) {
    var answer = api.get(user.ws() + "/audit-logs/verify", user.token());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body();
  }

  /** Waits until nothing of the workspace waits to be chained; answers the verification then. */
  private JsonNode awaitChained(Api.Session user) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> verify(user), v -> v.get("pending").asLong() == 0);
  }

  private List<String> actions(Api.Session user) {
    return api.get(user.ws() + "/audit-logs?limit=500", user.token())
        .body()
        .findValuesAsString("action");
  }

  private void assertGapFree(UUID workspaceId, long entries) {
    List<Long> seqs =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql("SELECT seq FROM audit_logs WHERE workspace_id = ? ORDER BY seq")
                    .param(workspaceId)
                    .query(Long.class)
                    .list());
    assertThat(seqs).hasSize((int) entries);
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
  }

  private static void hold(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
