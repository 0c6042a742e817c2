package dev.orchestrate.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.OrchestrateApplication;
import dev.orchestrate.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as its operator runs it: started, stopped, started again, or on a server of theirs.
 */
class PersistenceIT {

  @Test
  void usersAgentsAndPipelinesSurviveARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("orchestrate-restart");
    Api.Session user;
    try (var first = start(Map.of("orchestrate.data-dir", dataDir.toString()))) {
      var api = new Api(port(first));
      user = api.signUp();
      api.post(
          user.ws() + "/agents",
          user.token(),
          Map.of("slug", "kept", "name", "Kept", "model_provider", "simulated"));
    }
    assertThat(dataDir.resolve("jwt-signing-key.json")).exists();
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("jwt-signing-key.json")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");

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
    }
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
    // Command-line arguments outrank the test profile's own data folder.
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(OrchestrateApplication.class)
        .profiles("test")
        .properties(Map.of("server.port", "0"))
        .run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
