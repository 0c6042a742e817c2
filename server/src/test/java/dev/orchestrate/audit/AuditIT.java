package dev.orchestrate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AuditIT extends ServiceTest {

  @Autowired Tenancy tenancy;

  /** The schema owner, who can do what the service cannot: rewrite history. */
  @Autowired
  @Qualifier("migrationDataSource")
  DataSource owner;

  @Test
  void sensitiveActionsAreRecordedInTheWorkspacesChain() {
    var alice = api.signUp();
    var bob = api.signUp();
    api.post(
        alice.ws() + "/members", alice.token(), Map.of("email", bob.email(), "role", "member"));
    api.post(
        alice.ws() + "/agents",
        alice.token(),
        Map.of("slug", "audited", "name", "A", "model_provider", "simulated"));
    api.post(alice.ws() + "/credits/grants", alice.token(), Map.of("amount", 5));
    awaitChained(alice);

    var log = api.get(alice.ws() + "/audit-logs", alice.token());
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.body().findValuesAsString("action"))
        .contains("workspace.created", "credits.granted", "members.added", "agent.created");
    JsonNode newest = log.body().get(0);
    assertThat(newest.get("action").asString()).isEqualTo("credits.granted");
    assertThat(newest.get("actor_id").asString()).isEqualTo(alice.userId().toString());
    assertThat(newest.get("details").get("amount").asInt()).isEqualTo(5);
    assertThat(newest.get("hash").asString()).hasSize(64);
    assertThat(log.body().get(1).get("hash").asString())
        .isEqualTo(newest.get("prev_hash").asString());

    var agents = api.get(alice.ws() + "/audit-logs?category=agents", alice.token());
    assertThat(agents.body().findValuesAsString("category")).containsOnly("agents");
    assertThat(
            api.get(alice.ws() + "/audit-logs/verify", alice.token())
                .body()
                .get("valid")
                .asBoolean())
        .isTrue();
  }

  @Test
  void loginsSucceededAndFailedAreRecordedWithoutThePassword() {
    var user = api.signUp();
    api.post("/api/auth/login", null, Map.of("email", user.email(), "password", "not my password"));
    api.post(
        "/api/auth/login",
        null,
        Map.of("email", user.email(), "password", "correct horse battery"));

    var entries =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql(
                        "SELECT action, details::text FROM audit_logs WHERE workspace_id IS NULL AND actor_id = ? ORDER BY insert_no")
                    .param(user.userId())
                    .query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                    .list());
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).startsWith("auth.login.failed").contains("wrong_password");
    assertThat(entries.get(1)).startsWith("auth.login.succeeded");
    String everything =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql("SELECT string_agg(details::text, ' ') FROM audit_logs")
                    .query(String.class)
                    .single());
    assertThat(everything).doesNotContain("correct horse battery", "not my password");
  }

  @Test
  void editingAnEntryDirectlyInTheDatabaseIsDetectedAtThatEntry() {
    var user = api.signUp();
    for (int i = 0; i < 5; i++) {
      api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 1));
    }
    awaitChained(user);
    long tampered = seqOf(user, 3);
    asOwner()
        .sql(
            "UPDATE audit_logs SET details = '{\"amount\": 1000000}' WHERE workspace_id = ? AND seq = ?")
        .params(user.workspaceId(), tampered)
        .update();

    var verdict = api.get(user.ws() + "/audit-logs/verify", user.token()).body();
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(tampered);
  }

  @Test
  void deletingEntriesIsDetectedToo() {
    var user = api.signUp();
    for (int i = 0; i < 4; i++) {
      api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 1));
    }
    awaitChained(user);
    long last = seqOf(user, 0);
    asOwner()
        .sql("DELETE FROM audit_logs WHERE workspace_id = ? AND seq = ?")
        .params(user.workspaceId(), last)
        .update();
    assertThat(
            api.get(user.ws() + "/audit-logs/verify", user.token())
                .body()
                .get("first_bad_seq")
                .asLong())
        .isEqualTo(last);

    asOwner()
        .sql("DELETE FROM audit_logs WHERE workspace_id = ? AND seq = 2")
        .param(user.workspaceId())
        .update();
    assertThat(
            api.get(user.ws() + "/audit-logs/verify", user.token())
                .body()
                .get("first_bad_seq")
                .asLong())
        .isEqualTo(2);
  }

  @Test
  void anUntouchedChainOfTenThousandEntriesVerifies() {
    var user = api.signUp();
    // In batches, as a busy workspace would write them: many transactions, a few entries each.
    for (int batch = 0; batch < 100; batch++) {
      int first = batch * 100 + 1;
      tenancy.inSystemTransaction(
          "test",
          () ->
              jdbc.sql(
                      """
                      INSERT INTO audit_logs (workspace_id, action, category, details)
                      SELECT ?, 'test.bulk', 'test', jsonb_build_object('i', g, 'note', 'entry ' || g)
                      FROM generate_series(?, ? + 99) g
                      """)
                  .params(user.workspaceId(), first, first)
                  .update());
    }

    // Inserted directly, so no after-commit wake-up: the chainer's sweep links them.
    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(verdict.get("entries").asLong()).isGreaterThanOrEqualTo(10_000);
    assertThat(verdict.has("first_bad_seq")).isFalse();
  }

  @Test
  void onlyOwnersAndAdminsReadTheAuditLog() {
    var owner = api.signUp();
    var member = api.signUp();
    api.post(
        owner.ws() + "/members", owner.token(), Map.of("email", member.email(), "role", "member"));
    assertThat(api.get(owner.ws() + "/audit-logs", member.token()).status()).isEqualTo(403);
    assertThat(api.get(owner.ws() + "/audit-logs/verify", member.token()).status()).isEqualTo(403);
  }

  @Test
  void theLogPagesBackwardsWithItsCursor() {
    var user = api.signUp();
    for (int i = 0; i < 3; i++) {
      api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 1));
    }
    awaitChained(user);
    var page = api.get(user.ws() + "/audit-logs?limit=2", user.token());
    String cursor = page.headers().firstValue("X-Next-Cursor").orElseThrow();
    var next = api.get(user.ws() + "/audit-logs?limit=2&cursor=" + cursor, user.token());
    assertThat(next.body().get(0).get("seq").asLong())
        .isEqualTo(page.body().get(1).get("seq").asLong() - 1);
  }

  @Test
  void theLogFiltersByTime() {
    var user = api.signUp();
    api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", 1));
    Instant now = Instant.now();
    var all = api.get(user.ws() + "/audit-logs", user.token()).body();
    assertThat(all.size()).isGreaterThanOrEqualTo(3);

    String hourAgo = now.minus(Duration.ofHours(1)).toString();
    String soon = now.plus(Duration.ofMinutes(5)).toString();
    assertThat(api.get(user.ws() + "/audit-logs?from=" + hourAgo, user.token()).body().size())
        .isEqualTo(all.size());
    assertThat(
            api.get(user.ws() + "/audit-logs?from=" + hourAgo + "&to=" + soon, user.token())
                .body()
                .size())
        .isEqualTo(all.size());
    assertThat(api.get(user.ws() + "/audit-logs?from=" + soon, user.token()).body().size())
        .isZero();
    assertThat(api.get(user.ws() + "/audit-logs?to=" + hourAgo, user.token()).body().size())
        .isZero();
    assertThat(
            api.get(user.ws() + "/audit-logs?category=billing&from=" + hourAgo, user.token())
                .body()
                .findValuesAsString("category"))
        .isNotEmpty()
        .containsOnly("billing");

    var bad = api.get(user.ws() + "/audit-logs?from=yesterday&to=" + hourAgo, user.token());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().get("errors").findValuesAsString("path")).containsExactly("from");
    assertThat(
            api.get(user.ws() + "/audit-logs?from=" + soon + "&to=" + hourAgo, user.token())
                .status())
        .isEqualTo(422);
  }

  @Test
  void reorderingEntriesIsDetectedAtTheFirstMovedOne() {
    var user = api.signUp();
    for (int i = 0; i < 4; i++) {
      api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", i));
    }
    awaitChained(user);
    // Swapped through a seq no entry has (each UPDATE is checked against the unique index).
    var schemaOwner = asOwner();
    schemaOwner
        .sql("UPDATE audit_logs SET seq = 1000000 WHERE workspace_id = ? AND seq = 2")
        .param(user.workspaceId())
        .update();
    schemaOwner
        .sql("UPDATE audit_logs SET seq = 2 WHERE workspace_id = ? AND seq = 3")
        .param(user.workspaceId())
        .update();
    schemaOwner
        .sql("UPDATE audit_logs SET seq = 3 WHERE workspace_id = ? AND seq = 1000000")
        .param(user.workspaceId())
        .update();

    var verdict = api.get(user.ws() + "/audit-logs/verify", user.token()).body();
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(2);
  }

  /** Waits until nothing of the workspace waits to be chained; answers the verification then. */
  private JsonNode awaitChained(Api.Session user) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get(user.ws() + "/audit-logs/verify", user.token()).body(),
            v -> v.get("pending").asLong() == 0);
  }

  private long seqOf(Api.Session user, int fromNewest) {
    return api.get(user.ws() + "/audit-logs", user.token())
        .body()
        .get(fromNewest)
        .get("seq")
        .asLong();
  }

  private JdbcClient asOwner() {
    return JdbcClient.create(owner);
  }
}
