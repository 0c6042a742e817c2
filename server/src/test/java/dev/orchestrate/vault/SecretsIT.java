package dev.orchestrate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The secrets API and the reader the engine uses: values go in and never come out through the API,
 * each write is a version, only owners and admins write, and every read leaves an audit entry that
 * names the secret but not its value.
 */
class SecretsIT extends ServiceTest {

  @Autowired SecretReader reader;
  @Autowired Tenancy tenancy;

  private Api.Session owner;
  private String canary;

  @BeforeEach
  void aWorkspaceAndACanaryValue() {
    owner = api.signUp();
    canary = "canary-" + UUID.randomUUID();
  }

  @Test
  void everyPutIsANewVersionAndNoAnswerShowsTheValue() {
    var first = put("firecrawl_api_key", canary + "-1");
    var second = put("firecrawl_api_key", canary + "-2");

    assertThat(first.status()).as(first.raw()).isEqualTo(204);
    assertThat(second.status()).as(second.raw()).isEqualTo(204);
    assertThat(first.raw() + second.raw()).isEmpty();
    var list = api.get(owner.ws() + "/secrets", owner.token());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.raw()).doesNotContain(canary);
    assertThat(list.body()).hasSize(1);
    JsonNode secret = list.body().get(0);
    assertThat(fieldNames(secret))
        .containsExactlyInAnyOrder("name", "version", "created_at", "updated_at", "last_used_at");
    assertThat(secret.get("name").asString()).isEqualTo("firecrawl_api_key");
    assertThat(secret.get("version").asInt()).isEqualTo(2);
    assertThat(secret.get("last_used_at").isNull()).isTrue();
    // Stored encrypted: neither version's bytes hold the value.
    List<byte[]> stored =
        asSystem(
            () ->
                jdbc.sql(
                        """
                        SELECT ciphertext || wrapped_key FROM secret_versions
                        WHERE workspace_id = ? ORDER BY version
                        """)
                    .param(owner.workspaceId())
                    .query(byte[].class)
                    .list());
    assertThat(stored).hasSize(2);
    stored.forEach(
        bytes ->
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("canary"));
  }

  @Test
  void theReaderGivesTheVersionInEffectAtATimeAndAuditsEachReadWithoutTheValue() {
    put("slack_bot_token", canary + "-1");
    Instant between = asSystem(() -> jdbc.sql("SELECT now()").query(Instant.class).single());
    put("slack_bot_token", canary + "-2");
    UUID execution = UUID.randomUUID();

    Optional<SecretValue> current =
        asSystem(
            () -> reader.read(owner.workspaceId(), "slack_bot_token", SecretUse.now("mcp:slack")));
    Optional<SecretValue> then =
        asSystem(
            () ->
                reader.read(
                    owner.workspaceId(),
                    "slack_bot_token",
                    new SecretUse("mcp:slack", execution, between)));
    Optional<SecretValue> before =
        asSystem(
            () ->
                reader.read(
                    owner.workspaceId(),
                    "slack_bot_token",
                    new SecretUse("mcp:slack", execution, between.minusSeconds(3600))));

    assertThat(current.orElseThrow().value()).isEqualTo(canary + "-2");
    assertThat(current.orElseThrow().version()).isEqualTo(2);
    assertThat(then.orElseThrow().value()).isEqualTo(canary + "-1");
    assertThat(then.orElseThrow().version()).isEqualTo(1);
    assertThat(then.orElseThrow().toString()).doesNotContain(canary);
    assertThat(before).isEmpty();
    assertThat(asSystem(() -> reader.read(owner.workspaceId(), "nope", SecretUse.now("x"))))
        .isEmpty();
    assertThat(
            asSystem(
                () ->
                    reader.versions(
                        owner.workspaceId(), List.of("slack_bot_token", "nope"), between)))
        .isEqualTo(Map.of("slack_bot_token", 1));
    assertThat(
            asSystem(() -> reader.versions(owner.workspaceId(), List.of("slack_bot_token"), null)))
        .isEqualTo(Map.of("slack_bot_token", 2));

    var audit = audit();
    assertThat(audit.raw()).doesNotContain(canary);
    List<JsonNode> accessed =
        audit.entries().stream()
            .filter(e -> e.get("action").asString().equals("secret.accessed"))
            .toList();
    assertThat(accessed).hasSize(2);
    assertThat(accessed)
        .extracting(e -> e.get("details").get("version").asInt())
        .containsExactlyInAnyOrder(1, 2);
    JsonNode pinned =
        accessed.stream()
            .filter(e -> e.get("details").get("version").asInt() == 1)
            .findFirst()
            .orElseThrow();
    assertThat(pinned.get("category").asString()).isEqualTo("secret");
    assertThat(pinned.get("details").get("name").asString()).isEqualTo("slack_bot_token");
    assertThat(pinned.get("details").get("purpose").asString()).isEqualTo("mcp:slack");
    assertThat(pinned.get("details").get("execution_id").asString())
        .isEqualTo(execution.toString());
    assertThat(audit.actions()).contains("secret.created", "secret.updated");
    assertThat(
            api.get(owner.ws() + "/secrets", owner.token())
                .body()
                .get(0)
                .get("last_used_at")
                .isNull())
        .isFalse();
  }

  @Test
  void ciphertextMovedToAnotherRowDoesNotDecryptThere() {
    put("a_key", canary + "-a");
    put("b_key", canary + "-b");
    Api.Session stranger = api.signUp();
    put(stranger, "a_key", "theirs");

    // Row b gets row a's ciphertext and wrapped key (and nonces), as a database-level attacker
    // might.
    asSystem(
        () ->
            jdbc.sql(
                    """
                    UPDATE secret_versions b SET ciphertext = a.ciphertext, nonce = a.nonce,
                           wrapped_key = a.wrapped_key, key_nonce = a.key_nonce
                    FROM secret_versions a
                    WHERE a.workspace_id = ? AND a.name = 'a_key'
                      AND b.workspace_id = ? AND b.name = 'b_key'
                    """)
                .params(owner.workspaceId(), owner.workspaceId())
                .update());
    // The other workspace's a_key gets this workspace's a_key row.
    asSystem(
        () ->
            jdbc.sql(
                    """
                    UPDATE secret_versions t SET ciphertext = a.ciphertext, nonce = a.nonce,
                           wrapped_key = a.wrapped_key, key_nonce = a.key_nonce
                    FROM secret_versions a
                    WHERE a.workspace_id = ? AND a.name = 'a_key'
                      AND t.workspace_id = ? AND t.name = 'a_key'
                    """)
                .params(owner.workspaceId(), stranger.workspaceId())
                .update());

    assertThat(read(owner.workspaceId(), "a_key")).isEqualTo(canary + "-a");
    assertThatThrownBy(() -> read(owner.workspaceId(), "b_key"))
        .isInstanceOf(UndecryptableSecretException.class)
        .hasMessageContaining("b_key")
        .hasMessageNotContaining(canary);
    assertThatThrownBy(() -> read(stranger.workspaceId(), "a_key"))
        .isInstanceOf(UndecryptableSecretException.class);
    assertThat(audit().actions()).containsOnlyOnce("secret.accessed");
  }

  @Test
  void onlyOwnersAndAdminsWriteEveryMemberListsAndStrangersSeeNothing() {
    Api.Session admin = join("admin");
    Api.Session member = join("member");
    Api.Session viewer = join("viewer");
    Api.Session stranger = api.signUp();

    assertThat(putAs(admin, owner, "by_admin", canary).status()).isEqualTo(204);
    for (Api.Session weak : List.of(member, viewer)) {
      var refused = putAs(weak, owner, "by_weak", canary);
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.raw()).doesNotContain(canary);
      assertThat(api.delete(owner.ws() + "/secrets/by_admin", weak.token()).status())
          .isEqualTo(403);
      var listed = api.get(owner.ws() + "/secrets", weak.token());
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.body().findValuesAsString("name")).containsExactly("by_admin");
    }
    assertThat(putAs(stranger, owner, "by_stranger", canary).status()).isEqualTo(404);
    assertThat(api.get(owner.ws() + "/secrets", stranger.token()).status()).isEqualTo(404);
    assertThat(api.delete(owner.ws() + "/secrets/by_admin", stranger.token()).status())
        .isEqualTo(404);
    assertThat(api.get(owner.ws() + "/secrets", null).status()).isEqualTo(401);
    assertThat(api.delete(owner.ws() + "/secrets/by_admin", admin.token()).status()).isEqualTo(204);
  }

  @Test
  void deletingRemovesEveryVersionAndAgainIsNotFoundAndANewValueTakesTheNextVersion() {
    put("gdrive_credentials", canary + "-1");
    put("gdrive_credentials", canary + "-2");

    var deleted = api.delete(owner.ws() + "/secrets/gdrive_credentials", owner.token());
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
    assertThat(api.get(owner.ws() + "/secrets", owner.token()).body()).isEmpty();
    assertThat(
            asSystem(
                () ->
                    jdbc.sql("SELECT count(*) FROM secret_versions WHERE workspace_id = ?")
                        .param(owner.workspaceId())
                        .query(Long.class)
                        .single()))
        .isZero();
    assertThat(read(owner.workspaceId(), "gdrive_credentials")).isNull();
    var again = api.delete(owner.ws() + "/secrets/gdrive_credentials", owner.token());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body().get("detail").asString()).contains("gdrive_credentials");
    assertThat(api.delete(owner.ws() + "/secrets/never_set", owner.token()).status())
        .isEqualTo(404);

    put("gdrive_credentials", canary + "-3");
    JsonNode recreated = api.get(owner.ws() + "/secrets", owner.token()).body().get(0);
    // Never version 1 again: a client that cached "version 1" must not take this for that value.
    assertThat(recreated.get("version").asInt()).isEqualTo(3);
    assertThat(recreated.get("last_used_at").isNull()).isTrue();
    var audit = audit();
    assertThat(audit.raw()).doesNotContain(canary);
    assertThat(audit.actions())
        .containsExactly("secret.created", "secret.updated", "secret.deleted", "secret.created");
  }

  @Test
  void invalidWritesAreListedByFieldAndNoRefusalRepeatsTheValue() {
    var badName = put("1-starts-with-a-digit", canary);
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.body().get("errors").findValuesAsString("path")).containsExactly("name");

    var everything =
        api.put(owner.ws() + "/secrets/bad%20name%21", owner.token(), Map.of("value", ""));
    assertThat(everything.status()).isEqualTo(422);
    assertThat(everything.body().get("errors").findValuesAsString("path"))
        .containsExactly("name", "value");
    assertThat(everything.body().get("errors").findValuesAsString("message"))
        .contains("must not be empty");

    var missing = api.put(owner.ws() + "/secrets/ok_name", owner.token(), Map.of());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().get("errors").get(0).get("message").asString())
        .isEqualTo("is required");
    var number = api.put(owner.ws() + "/secrets/ok_name", owner.token(), "{\"value\": 4242424242}");
    assertThat(number.status()).isEqualTo(422);
    assertThat(number.raw()).contains("must be a string").doesNotContain("4242424242");
    var tooLong =
        api.put(
            owner.ws() + "/secrets/ok_name",
            owner.token(),
            Map.of("value", canary + "x".repeat(SecretsController.MAX_VALUE_BYTES)));
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.raw()).contains("at most 65536 bytes").doesNotContain(canary);

    // The edge's own refusals (malformed JSON, an unknown field, a NUL) do not quote it either.
    var unquoted =
        api.put(owner.ws() + "/secrets/ok_name", owner.token(), "{\"value\": " + canary + "}");
    assertThat(unquoted.status()).isEqualTo(400);
    assertThat(unquoted.raw()).doesNotContain(canary);
    var unknown =
        api.put(
            owner.ws() + "/secrets/ok_name",
            owner.token(),
            Map.of("value", canary, "secret", canary));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.raw()).doesNotContain(canary);
    var nul =
        api.put(owner.ws() + "/secrets/ok_name", owner.token(), Map.of("value", canary + "\0"));
    assertThat(nul.status()).isEqualTo(422);
    assertThat(nul.raw()).doesNotContain(canary);

    assertThat(api.get(owner.ws() + "/secrets", owner.token()).body()).isEmpty();
  }

  @Test
  void theVaultAdministrationIsForTheDeploymentsAdminsOnlyNotForWorkspaceOwners() {
    var refused = api.get("/api/admin/vault", owner.token());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().get("detail").asString()).contains("ORCHESTRATE_ADMIN_EMAILS");
    assertThat(api.post("/api/admin/vault/rewrap", owner.token(), Map.of()).status())
        .isEqualTo(403);
    assertThat(api.post("/api/admin/vault/keys/1/retire", owner.token(), Map.of()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/admin/vault", null).status()).isEqualTo(401);
  }

  /** Stores a secret in the owner's workspace as the owner. */
  private Api.Response put(String name, String value) {
    return putAs(owner, owner, name, value);
  }

  /** Stores a secret in {@code user}'s own workspace. */
  private Api.Response put(Api.Session user, String name, String value) {
    return putAs(user, user, name, value);
  }

  /** Stores a secret in {@code workspaceOf}'s workspace, acting as {@code as}. */
  private Api.Response putAs(Api.Session as, Api.Session workspaceOf, String name, String value) {
    return api.put(workspaceOf.ws() + "/secrets/" + name, as.token(), Map.of("value", value));
  }

  private Api.Session join(String role) {
    Api.Session colleague = api.signUp();
    var added =
        api.post(
            owner.ws() + "/members",
            owner.token(),
            Map.of("email", colleague.email(), "role", role));
    assertThat(added.status()).as(added.raw()).isEqualTo(201);
    return colleague;
  }

  private String read(UUID workspaceId, String name) {
    return asSystem(() -> reader.read(workspaceId, name, SecretUse.now("test")))
        .map(SecretValue::value)
        .orElse(null);
  }

  /** The workspace's secret audit entries, oldest first, and the answer as it was sent. */
  private Audit audit() {
    var audit = api.get(owner.ws() + "/audit-logs?category=secret&limit=100", owner.token());
    assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
    return new Audit(audit.raw(), audit.body().valueStream().toList().reversed());
  }

  private record Audit(String raw, List<JsonNode> entries) {
    List<String> actions() {
      return entries.stream().map(e -> e.get("action").asString()).toList();
    }
  }

  private <T> T asSystem(Supplier<T> work) {
    return Tenancy.runAs(
        new Tenant.System("test"), () -> tenancy.inSystemTransaction("test", work));
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.propertyNames().stream().toList();
  }
}
