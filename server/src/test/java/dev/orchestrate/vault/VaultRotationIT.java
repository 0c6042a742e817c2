package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.cli.CliProcess;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ExternalPostgres;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Master key rotation as an operator does it, with the service as separate processes on one
 * external PostgreSQL: secrets stored under version 1; restart with versions 1 and 2; new secrets
 * use 2; two rewraps at once move every data key to 2 exactly once; every secret still decrypts
 * (read by the service itself, and by hand from the rows); version 1 retires. Then instances with
 * the wrong keys refuse to start, saying what to set, and one on a database that never saw a key
 * starts without a vault.
 */
class VaultRotationIT {

  private static final String ADMIN_EMAIL = "vault-admin@example.test";
  private static final String PASSWORD = "correct horse battery";
  private static final String V1 = randomKey();
  private static final String V2 = randomKey();
  private static final int PLAIN_SECRETS = 12;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static final FakeProviders providers = FakeProviders.shared();
  private static ExternalPostgres postgres;
  private static final List<ServiceProcess> started = new ArrayList<>();

  @BeforeAll
  static void aDatabaseOfTheOperators() {
    postgres = ExternalPostgres.start();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    started.forEach(ServiceProcess::close);
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void rotateRewrapAndRetireThenInstancesWithoutTheRightKeysRefuseToStart() throws Exception {
    String url = postgres.createDatabase("vault_rotation");
    Map<String, String> values = new LinkedHashMap<>();

    // 1. Version 1 only, given as a bare key.
    ServiceProcess first = launch("v1", url, Map.of("ORCHESTRATE_MASTER_KEY", V1), Map.of());
    first.awaitHealthy();
    Api.Session admin = signUp(first.api(), ADMIN_EMAIL);
    Api.Session alice = first.api().signUp();
    Api.Session bob = first.api().signUp();
    String aliceKey = "sk-ant-alice-" + UUID.randomUUID();
    String bobKey = "sk-ant-bob-" + UUID.randomUUID();
    put(first.api(), alice, "anthropic_api_key", aliceKey, values);
    put(first.api(), bob, "anthropic_api_key", bobKey, values);
    for (int i = 0; i < PLAIN_SECRETS; i++) {
      put(
          first.api(),
          i % 2 == 0 ? alice : bob,
          "s" + i,
          "value-" + i + "-" + UUID.randomUUID(),
          values);
    }
    first.kill();

    // 2. Versions 1 and 2, from a file; rewrap one data key per transaction so rewraps interleave.
    Path keyFile = dir.resolve("master-keys");
    Files.writeString(keyFile, "# rotated today\n1:" + V1 + "\n2:" + V2 + "\n", UTF_8);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    ServiceProcess rotated =
        launch(
            "v1v2",
            url,
            Map.of("ORCHESTRATE_MASTER_KEY_FILE", keyFile.toString()),
            Map.of("orchestrate.vault.rewrap-batch", "1"));
    rotated.awaitHealthy();
    String carol = "sk-ant-carol-" + UUID.randomUUID();
    put(rotated.api(), alice, "carol_key", carol, values);
    assertThat(wrappedUnder(url)).isEqualTo(Map.of(1, (long) values.size() - 1, 2, 1L));

    var cli = new CliProcess(dir, cliEnvironment(rotated, admin));
    var status = cli.run("admin", "vault", "status", "--lang", "en");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.stdout())
        .contains("new secrets are encrypted under master key version 2.")
        .containsPattern("v1 +[0-9a-f]{16}… .* - +" + (values.size() - 1) + " +yes")
        .containsPattern("v2 +[0-9a-f]{16}… .* - +1 +yes");
    var tooEarly = cli.run("admin", "vault", "retire", "1", "--lang", "en");
    assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isEqualTo(9);
    assertThat(tooEarly.stderr())
        .contains((values.size() - 1) + " data keys are still wrapped under master key version 1")
        .contains("orchestrate admin vault rewrap");

    var byCli = cli.start("admin", "vault", "rewrap", "--lang", "en");
    var byApi =
        CompletableFuture.supplyAsync(
            () -> rotated.api().post("/api/admin/vault/rewrap", admin.token(), Map.of()));
    var cliDone = byCli.await();
    var apiDone = byApi.get();
    assertThat(cliDone.exitCode()).as(cliDone.toString()).isZero();
    assertThat(apiDone.status()).as(apiDone.raw()).isEqualTo(200);
    Matcher said =
        Pattern.compile("re-wrapped (\\d+) data keys under master key version 2; (\\d+) remain")
            .matcher(cliDone.stdout());
    assertThat(said.find()).as(cliDone.stdout()).isTrue();
    long rewrappedByBoth = Long.parseLong(said.group(1)) + apiDone.body().get("rewrapped").asLong();
    assertThat(rewrappedByBoth).isEqualTo(values.size() - 1);
    assertThat(wrappedUnder(url)).isEqualTo(Map.of(2, (long) values.size()));
    var again = rotated.api().post("/api/admin/vault/rewrap", admin.token(), Map.of());
    assertThat(again.body().get("rewrapped").asLong()).isZero();
    assertThat(again.body().get("remaining").asLong()).isZero();
    assertThat(again.body().get("newest").asInt()).isEqualTo(2);

    // Every secret still decrypts: by the service (a workspace key sent to the provider) ...
    assertThat(invokeAndReadKey(rotated.api(), alice)).isEqualTo(aliceKey);
    assertThat(invokeAndReadKey(rotated.api(), bob)).isEqualTo(bobKey);
    // ... and every row, by hand, under version 2 only.
    assertThat(decryptAll(url, new MasterKey(2, Base64.getDecoder().decode(V2)))).isEqualTo(values);

    var retired = cli.run("admin", "vault", "retire", "1", "--lang", "en");
    assertThat(retired.exitCode()).as(retired.toString()).isZero();
    assertThat(retired.stdout()).contains("retired master key version 1");
    JsonNode after = rotated.api().get("/api/admin/vault", admin.token()).body();
    assertThat(after.get("newest").asInt()).isEqualTo(2);
    JsonNode v1 = after.get("master_key_versions").get(0);
    assertThat(v1.get("version").asInt()).isEqualTo(1);
    assertThat(v1.get("retired_at").isNull()).isFalse();
    assertThat(v1.get("data_keys").asLong()).isZero();
    var newest = rotated.api().post("/api/admin/vault/keys/2/retire", admin.token(), Map.of());
    assertThat(newest.status()).isEqualTo(409);
    assertThat(newest.body().get("detail").asString()).contains("is the newest");
    var nonAdmin = rotated.api().get("/api/admin/vault", alice.token());
    assertThat(nonAdmin.status()).isEqualTo(403);

    // 3. An instance given only version 1 (now retired) cannot read what version 2 wraps.
    ServiceProcess stale =
        launch("v1-only", url, Map.of("ORCHESTRATE_MASTER_KEY", "1:" + V1), Map.of());
    assertRefusesToStart(
        stale,
        "This database's secrets need master key version 2 (fingerprint "
            + new MasterKey(2, Base64.getDecoder().decode(V2)).shortFingerprint()
            + "), which this instance was not given.",
        "Add `2:<key>` to ORCHESTRATE_MASTER_KEY or ORCHESTRATE_MASTER_KEY_FILE.");

    // 4. An instance whose version 2 is another key.
    ServiceProcess wrong =
        launch(
            "wrong-v2",
            url,
            Map.of("ORCHESTRATE_MASTER_KEY", "1:" + V1 + ",2:" + randomKey()),
            Map.of());
    assertRefusesToStart(
        wrong, "Master key version 2 does not match the one this database was encrypted with");
    // Neither left a trace: the running instance still works, and still knows two versions.
    assertThat(
            rotated.api().get("/api/admin/vault", admin.token()).body().get("master_key_versions"))
        .hasSize(2);
    assertThat(invokeAndReadKey(rotated.api(), alice)).isEqualTo(aliceKey);
  }

  @Test
  void onAnExternalDatabaseThatNeverSawAKeyTheServiceStartsWithoutAVault() {
    String url = postgres.createDatabase("no_vault");
    ServiceProcess keyless = launch("keyless", url, Map.of(), Map.of());
    keyless.awaitHealthy();
    Api.Session admin = signUp(keyless.api(), ADMIN_EMAIL);

    var refused =
        keyless.api().put(admin.ws() + "/secrets/any_key", admin.token(), Map.of("value", "x"));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
    assertThat(refused.body().get("detail").asString())
        .contains("no master key")
        .contains("ORCHESTRATE_MASTER_KEY");
    assertThat(keyless.api().get(admin.ws() + "/secrets", admin.token()).body()).isEmpty();
    JsonNode status = keyless.api().get("/api/admin/vault", admin.token()).body();
    assertThat(status.get("newest").isNull()).isTrue();
    assertThat(status.get("master_key_versions")).isEmpty();
    assertThat(keyless.log()).contains("The vault has no master key");
    // Nothing can be sealed without a key: the audit chain is checked by its hashes and links
    // alone, and says so, rather than calling every intact chain unverifiable.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode verdict =
                  keyless.api().get(admin.ws() + "/audit-logs/verify", admin.token()).body();
              assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
              assertThat(verdict.get("entries").asLong()).isPositive();
              assertThat(verdict.get("seals_checked").asBoolean()).isFalse();
              assertThat(verdict.get("unverified_seals").asLong()).isZero();
            });
  }

  private static void assertRefusesToStart(ServiceProcess instance, String... said) {
    int exit = instance.awaitExit();
    String log = instance.log();
    assertThat(exit).as(log).isEqualTo(1);
    assertThat(log).contains("APPLICATION FAILED TO START").contains(said);
    // Two paragraphs for the operator, not a stack trace.
    assertThat(log)
        .doesNotContain("\tat org.springframework")
        .doesNotContain("\tat dev.orchestrate");
    assertThat(log).doesNotContain(V1).doesNotContain(V2);
  }

  private static ServiceProcess launch(
      String name, String url, Map<String, String> environment, Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.profiles.active", "test");
    settings.put("orchestrate.data-dir", dir.resolve("data-" + name).toString());
    settings.putAll(ExternalPostgres.settings(url));
    settings.put("orchestrate.engine.enabled", "false");
    settings.put("orchestrate.llm.anthropic.base-url", providers.anthropicBaseUrl());
    settings.put("orchestrate.llm.anthropic.api-key", "deployment-key");
    settings.putAll(extra);
    Map<String, String> variables = new LinkedHashMap<>(environment);
    variables.put("ORCHESTRATE_ADMIN_EMAILS", "someone@example.test, " + ADMIN_EMAIL.toUpperCase());
    ServiceProcess instance = ServiceProcess.launch(name, settings, variables, dir);
    started.add(instance);
    return instance;
  }

  private static Map<String, String> cliEnvironment(ServiceProcess instance, Api.Session admin) {
    return Map.of("ORCHESTRATE_URL", instance.api().baseUrl(), "ORCHESTRATE_TOKEN", admin.token());
  }

  private static Api.Session signUp(Api api, String email) {
    var r =
        api.post(
            "/api/auth/signup",
            null,
            Map.of("email", email, "password", PASSWORD, "name", "Admin"));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return new Api.Session(
        email,
        r.body().get("access_token").asString(),
        UUID.fromString(r.body().get("user").get("id").asString()),
        UUID.fromString(r.body().get("workspace").get("id").asString()));
  }

  private static void put(
      Api api, Api.Session user, String name, String value, Map<String, String> values) {
    var r = api.put(user.ws() + "/secrets/" + name, user.token(), Map.of("value", value));
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
    values.put(user.workspaceId() + "/" + name, value);
  }

  /** Invokes an Anthropic agent of the user's; answers the key the provider received. */
  private static String invokeAndReadKey(Api api, Api.Session user) {
    String marker = "#rotation-" + UUID.randomUUID() + "#";
    providers.anthropic().when(marker);
    var agent =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                "a" + UUID.randomUUID().toString().substring(0, 8),
                "name",
                "Keyed",
                "model_provider",
                "anthropic",
                "model",
                "claude-sonnet-4-20250514",
                "system_prompt",
                marker,
                "parameters",
                Map.of("max_tokens", 64)));
    assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
    var invoked =
        api.post(
            "/orchestrate/agent/invoke",
            user.token(),
            Map.of(
                "agent_id",
                agent.body().get("id").asString(),
                "messages",
                List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(invoked.status()).as(invoked.raw()).isEqualTo(200);
    var received = providers.anthropic().when(marker).requests().getFirst();
    String apiKey = received.header("x-api-key");
    return apiKey != null ? apiKey : received.header("authorization").replaceFirst("^Bearer ", "");
  }

  /** How many data keys each master key version wraps, read as the schema owner. */
  private static Map<Integer, Long> wrappedUnder(String url) throws Exception {
    Map<Integer, Long> counts = new LinkedHashMap<>();
    try (Connection c = owner(url);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT master_key_version, count(*) FROM secret_versions GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        counts.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return counts;
  }

  /** Every stored version decrypted with {@code key}, by workspace/name. */
  private static Map<String, String> decryptAll(String url, MasterKey key) throws Exception {
    var envelope = new Envelope(new SecureRandom());
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = owner(url);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    """
                    SELECT workspace_id, name, version, ciphertext, nonce, wrapped_key, key_nonce,
                           master_key_version
                    FROM secret_versions ORDER BY created_at, name
                    """)) {
      while (rs.next()) {
        SecretSlot slot = SecretStore.slot(rs);
        var sealed =
            new Sealed(rs.getBytes("ciphertext"), rs.getBytes("nonce"), SecretStore.wrappedKey(rs));
        values.put(
            slot.workspaceId() + "/" + slot.name(),
            new String(envelope.open(slot, sealed, key), UTF_8));
      }
    }
    return values;
  }

  private static Connection owner(String url) throws Exception {
    return DriverManager.getConnection(
        url, ExternalPostgres.OWNER, ExternalPostgres.OWNER_PASSWORD);
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
