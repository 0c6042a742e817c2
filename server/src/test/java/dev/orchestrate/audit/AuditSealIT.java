package dev.orchestrate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Seals make the chain hold against whoever can write the database: the hash function is plain SQL,
 * so such a writer can recompute every hash after an edit, but not the seals, whose key the
 * database does not hold.
 */
class AuditSealIT extends ServiceTest {

  @Autowired Tenancy tenancy;
  @Autowired AuditProperties properties;
  @Autowired AuditSeals seals;
  @Autowired AuditLog auditLog;

  /** The schema owner, who can do what the service cannot: rewrite history. */
  @Autowired
  @Qualifier("migrationDataSource")
  DataSource owner;

  @Test
  void anEditWithEveryLaterHashAndTheHeadRecomputedIsFoundAtTheEditedEntry() {
    var user = chainOf(6);
    long entries = verify(user).get("entries").asLong();
    long edited = entries - 3;
    // The attack of drill 11: edit an entry, then relink the rest of the chain and its head with
    // the database's own hash function, as only the schema owner can.
    JdbcClient.create(owner)
        .sql(
            """
            DO $$
            DECLARE
              ws uuid := '%s';
              k bigint := %d;
              r record;
              prev text;
            BEGIN
              UPDATE audit_logs SET details = details || '{"amount": 1000000}'
               WHERE workspace_id = ws AND seq = k;
              prev := (SELECT prev_hash FROM audit_logs WHERE workspace_id = ws AND seq = k);
              FOR r IN SELECT id FROM audit_logs WHERE workspace_id = ws AND seq >= k ORDER BY seq
              LOOP
                UPDATE audit_logs SET prev_hash = prev,
                       hash = orchestrate_audit_hash(prev, workspace_id, seq, action, category,
                                                     actor_id, details, created_at)
                 WHERE id = r.id RETURNING hash INTO prev;
              END LOOP;
              UPDATE audit_chain_heads SET last_hash = prev WHERE chain_id = ws;
            END $$
            """
                .formatted(user.workspaceId(), edited))
        .update();

    var verdict = verify(user);
    assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(edited);
    assertThat(verdict.get("unverified_seals").asLong()).isZero();
    assertThat(verdict.get("seals_checked").asBoolean()).isTrue();
  }

  @Test
  void anEntryWhoseSealWasRemovedIsTamperedAndIsNotSealedAgain() {
    var user = chainOf(4);
    JdbcClient.create(owner)
        .sql(
            "UPDATE audit_logs SET seal = NULL, seal_key_version = NULL WHERE workspace_id = ? AND seq = 3")
        .param(user.workspaceId())
        .update();

    var verdict = verify(user);
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(3);

    // Another instance starting: seals exist, so an unsealed chained entry is not an upgrade's.
    upgrade().run();
    assertThat(verify(user).get("first_bad_seq").asLong()).isEqualTo(3);
  }

  @Test
  void theServiceCannotReplaceASeal() {
    var user = chainOf(2);
    int replaced =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql(
                        """
                        SELECT orchestrate_audit_seal(?, 1,
                                 ARRAY(SELECT id FROM audit_logs WHERE workspace_id = ?),
                                 ARRAY(SELECT repeat('0', 64) FROM audit_logs WHERE workspace_id = ?))
                        """)
                    .params(user.workspaceId(), user.workspaceId(), user.workspaceId())
                    .query(Integer.class)
                    .single());
    assertThat(replaced).isZero();
    assertThat(verify(user).get("valid").asBoolean()).isTrue();
  }

  @Test
  void aSealMovedToAnotherEntryIsTampered() {
    var user = chainOf(4);
    JdbcClient.create(owner)
        .sql(
            """
            UPDATE audit_logs SET seal = (SELECT seal FROM audit_logs WHERE workspace_id = ? AND seq = 3)
            WHERE workspace_id = ? AND seq = 2
            """)
        .params(user.workspaceId(), user.workspaceId())
        .update();

    var verdict = verify(user);
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(2);
  }

  @Test
  void aSealUnderAMasterKeyVersionThisInstanceLacksIsReportedAsUncheckedNotTampered() {
    var user = chainOf(3);
    JdbcClient.create(owner)
        .sql("UPDATE audit_logs SET seal_key_version = 99 WHERE workspace_id = ? AND seq = 2")
        .param(user.workspaceId())
        .update();

    var verdict = verify(user);
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.has("first_bad_seq")).as(verdict.toString()).isFalse();
    assertThat(verdict.get("unverified_seals").asLong()).isEqualTo(1);
    assertThat(verdict.get("missing_seal_keys").get(0).asInt()).isEqualTo(99);
  }

  @Test
  void chainsFromBeforeSealsAreSealedOnceAtUpgradeUnlessTheyDoNotVerify() {
    var upgraded = chainOf(3);
    var broken = chainOf(3);
    var schemaOwner = JdbcClient.create(owner);
    // A deployment as it was before seals: no entry anywhere is sealed, and one chain was edited
    // (an edit the hashes alone show). Repeated in case the live chainer seals an entry of another
    // test's workspace in between, which rightly stops the upgrade.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              schemaOwner
                  .sql(
                      "UPDATE audit_logs SET seal = NULL, seal_key_version = NULL WHERE seal IS NOT NULL")
                  .update();
              schemaOwner
                  .sql(
                      "UPDATE audit_logs SET details = '{\"amount\": 7}' WHERE workspace_id = ? AND seq = 2")
                  .param(broken.workspaceId())
                  .update();
              assertThat(verify(upgraded).get("first_bad_seq").asLong()).isEqualTo(1);

              upgrade().run();

              var verdict = verify(upgraded);
              assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
            });
    // The edited chain was not sealed over: it stays unsealed, so it cannot pass for intact (verify
    // names its first entry, whose seal is missing; the log names the edit).
    var verdict = verify(broken);
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("first_bad_seq").asLong()).isEqualTo(1);
    assertThat(unsealed(broken)).isEqualTo(verdict.get("entries").asLong());
    assertThat(unsealed(upgraded)).isZero();

    // New entries are sealed as they are chained, as before.
    api.post(upgraded.ws() + "/credits/grants", upgraded.token(), Map.of("amount", 1));
    assertThat(awaitChained(upgraded).get("valid").asBoolean()).isTrue();
  }

  private Api.Session chainOf(int grants) {
    var user = api.signUp();
    for (int i = 0; i < grants; i++) {
      api.post(user.ws() + "/credits/grants", user.token(), Map.of("amount", i + 1));
    }
    var verdict = awaitChained(user);
    assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
    assertThat(unsealed(user)).isZero();
    return user;
  }

  private long unsealed(Api.Session user) {
    return JdbcClient.create(owner)
        .sql("SELECT count(*) FROM audit_logs WHERE workspace_id = ? AND seal IS NULL")
        .param(user.workspaceId())
        .query(Long.class)
        .single();
  }

  /** The upgrade as another instance's chainer runs it when it starts. */
  private SealUpgrade upgrade() {
    return new SealUpgrade(jdbc, tenancy, properties, seals, auditLog);
  }

  private JsonNode verify(Api.Session user) {
    var answer = api.get(user.ws() + "/audit-logs/verify", user.token());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body();
  }

  private JsonNode awaitChained(Api.Session user) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> verify(user), v -> v.get("pending").asLong() == 0);
  }
}
