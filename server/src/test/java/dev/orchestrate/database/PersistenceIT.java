package dev.orchestrate.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.OrchestrateApplication;
import dev.orchestrate.support.Api;
import dev.orchestrate.vault.SecretReader;
import dev.orchestrate.vault.SecretUse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as its operator runs it: started, stopped, started again, or on a server of theirs.
 */
class PersistenceIT {

  @Test
  void usersAgentsPipelinesAndSecretsSurviveARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("orchestrate-restart");
    Api.Session user;
    try (var first = start(Map.of("orchestrate.data-dir", dataDir.toString()))) {
      var api = new Api(port(first));
      user = api.signUp();
      api.post(
          user.ws() + "/agents",
          user.token(),
          Map.of("slug", "kept", "name", "Kept", "model_provider", "simulated"));
      var secret =
          api.put(user.ws() + "/secrets/kept_key", user.token(), Map.of("value", "kept-value"));
      assertThat(secret.status()).as(secret.raw()).isEqualTo(204);
    }
    for (String generated : List.of("jwt-signing-key.json", "master.key")) {
      assertThat(Files.getPosixFilePermissions(dataDir.resolve(generated)).toString())
          .as(generated)
          .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
    String masterKey = Files.readString(dataDir.resolve("master.key"));
    assertThat(masterKey).matches("1:[A-Za-z0-9+/]{43}=\\n");

    try (var second = start(Map.of("orchestrate.data-dir", dataDir.toString()))) {
      var api = new Api(port(second));
      // The token from before the restart is still valid: the signing key was kept too.
      var agents = api.get(user.ws() + "/agents", user.token());
      assertThat(agents.status()).isEqualTo(200);
      assertThat(agents.body().findValuesAsString("slug")).contains("kept", "optimist");
      assertThat(api.get(user.ws() + "/pipelines", user.token()).body()).hasSize(4);
      var login =
          api.post(
              "/api/auth/login",
              null,
              Map.of("email", user.email(), "password", "correct horse battery"));
      assertThat(login.status()).isEqualTo(200);
      // The generated master key was kept too: the secret stored before the restart still opens.
      assertThat(readSecret(second, user, "kept_key")).isEqualTo("kept-value");
    }
    assertThat(Files.readString(dataDir.resolve("master.key"))).isEqualTo(masterKey);

    // A master key file replaced by another key (a restore without it) stops the start, saying so.
    Files.writeString(dataDir.resolve("master.key"), "1:" + "A".repeat(43) + "=\n");
    assertThatThrownBy(() -> start(Map.of("orchestrate.data-dir", dataDir.toString())))
        .rootCause()
        .hasMessageContaining(
            "Master key version 1 does not match the one this database was encrypted with")
        .hasMessageContaining("master.key");
  }

  private static String readSecret(
      ConfigurableApplicationContext context, Api.Session user, String name) {
    var reader = context.getBean(SecretReader.class);
    return Tenancy.runAs(
        new Tenant.System("test"),
        () -> reader.read(user.workspaceId(), name, SecretUse.now("test")).orElseThrow().value());
  }

  @Test
  void runsAgainstAnExternalPostgresWithoutStartingItsOwn() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      // An operator's server: a dedicated database owned by a role that is not a superuser.
      try (Connection c = external.getPostgresDatabase().getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE ROLE orchestrate_owner LOGIN PASSWORD 'owner-pw' CREATEROLE");
        st.execute("CREATE DATABASE orchestrate OWNER orchestrate_owner");
      }
      Path dataDir = Files.createTempDirectory("orchestrate-external");
      Map<String, Object> settings =
          Map.of(
              "orchestrate.data-dir",
              dataDir.toString(),
              "orchestrate.database.url",
              "jdbc:postgresql://localhost:" + external.getPort() + "/orchestrate",
              "orchestrate.database.username",
              "orchestrate_owner",
              "orchestrate.database.password",
              "owner-pw");
      try (var service = start(settings)) {
        var api = new Api(port(service));
        var user = api.signUp();
        assertThat(api.get(user.ws() + "/agents", user.token()).body()).hasSize(5);
        var role =
            service
                .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT current_user")
                .query(String.class)
                .single();
        assertThat(role).isEqualTo("orchestrate_app");
      }
      assertThat(dataDir.resolve("postgres")).doesNotExist();
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> properties) {
    // Command-line arguments outrank the test profile's own data folder, and application.yml's
    // port (8080 unless ORCHESTRATE_PORT): default properties would lose to it, and the test would
    // fail whenever anything else on the machine listens on 8080.
    String[] args =
        Stream.concat(
                Stream.of("--server.port=0"),
                properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()))
            .toArray(String[]::new);
    return new SpringApplicationBuilder(OrchestrateApplication.class).profiles("test").run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
