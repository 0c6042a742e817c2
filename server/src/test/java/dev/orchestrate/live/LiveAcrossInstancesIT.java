package dev.orchestrate.live;

import static dev.orchestrate.live.LiveIT.assertGapless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.OrchestrateApplication;
import dev.orchestrate.database.DatabaseProperties;
import dev.orchestrate.support.Api;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on one database, as operators scale the service: live delivery follows PostgreSQL's
 * notifications from the instance that runs an execution to the one its client is connected to.
 */
class LiveAcrossInstancesIT extends LiveServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The test's own instance (A) and its database, which the second instance shares. */
  @Autowired private HikariDataSource database;

  /** A's settings: B shares the master key A generated into its data dir. */
  @Autowired private DatabaseProperties databaseSettings;

  @Test
  void aSubscriberOnAnInstanceWithoutEngineSeesEveryEventOfAnExecutionRunByAnother() {
    try (var apiOnly = startApiOnlyInstance()) {
      var b = new Api(port(apiOnly));
      var user = b.signUp();
      var demo = new Demo(b, user);
      // Started, watched and decided through B; only A runs executions.
      String id = demo.startAutoHealing();

      try (var onB =
          SocketRecorder.connect(port(apiOnly), Demo.executionSocket(id, user.token()))) {
        await().atMost(WAIT).until(() -> onB.lastType().equals("approval_required"));
        // The rest of the run happens on A after B's client connected: it can only reach that
        // client through A's notifications (B's safety-net poll is set to ten minutes).
        demo.approve(id, "await_approval");
        await()
            .atMost(WAIT)
            .failFast("the socket closed", onB::isClosed)
            .until(() -> onB.lastType().equals("execution_complete"));

        assertGapless(id, onB.events());
        try (var onA = SocketRecorder.connect(port, Demo.executionSocket(id, user.token()))) {
          await().atMost(WAIT).until(() -> onA.lastType().equals("execution_complete"));
          assertThat(onB.events()).isEqualTo(onA.events());
        }
      }
      assertThat(demo.status(id)).isEqualTo("completed");
    }
  }

  /** Instance B: the API and live sockets on A's database, running no executions itself. */
  private ConfigurableApplicationContext startApiOnlyInstance() {
    Map<String, String> settings =
        Map.of(
            "server.port", "0",
            "orchestrate.engine.enabled", "false",
            "orchestrate.database.url", database.getJdbcUrl(),
            "orchestrate.database.username", "postgres",
            "orchestrate.auth.signing-key", SIGNING_KEY,
            "orchestrate.vault.master-key-file",
                databaseSettings.dataDir().resolve("master.key").toString(),
            "orchestrate.live.poll-interval", "10m");
    // Command-line arguments outrank the test profile.
    String[] args =
        settings.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(OrchestrateApplication.class).profiles("test").run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
