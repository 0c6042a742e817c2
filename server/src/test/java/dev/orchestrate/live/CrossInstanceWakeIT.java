package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.OrchestrateApplication;
import dev.orchestrate.database.DatabaseProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * An execution queued on one instance is picked up by another at once, through a notification: here
 * the test's instance (A) serves the API only and B, the only engine, looks for work by itself only
 * every ten minutes.
 */
@TestPropertySource(properties = "orchestrate.engine.enabled=false")
class CrossInstanceWakeIT extends LiveServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private HikariDataSource database;
  @Autowired private DatabaseProperties databaseSettings;

  @Test
  void anotherInstancesEngineRunsAStartedAndAnApprovedExecutionWithoutWaitingForItsPoll() {
    var user = api.signUp();
    var demo = new Demo(api, user);
    try (var engineOnly = startEngineInstance()) {
      // Started on A: B learns of it from A's notification, not from its poll.
      String id = demo.startAutoHealing();
      await().atMost(WAIT).until(() -> demo.status(id).equals("awaiting_approval"));
      // The approval requeues it on A: again only a notification can tell B.
      demo.approve(id, "await_approval");
      await()
          .atMost(WAIT)
          .until(() -> demo.status(id), s -> s.equals("completed") || s.equals("failed"));
      assertThat(demo.status(id)).isEqualTo("completed");
    }
  }

  /** Instance B: an engine on A's database that polls for work only every ten minutes. */
  private ConfigurableApplicationContext startEngineInstance() {
    Map<String, String> settings =
        Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("orchestrate.engine.enabled", "true"),
            Map.entry("orchestrate.engine.instance-id", "engine-b"),
            Map.entry("orchestrate.engine.poll-interval", "10m"),
            Map.entry("orchestrate.database.url", database.getJdbcUrl()),
            Map.entry("orchestrate.database.username", "postgres"),
            Map.entry("orchestrate.auth.signing-key", SIGNING_KEY),
            Map.entry(
                "orchestrate.vault.master-key-file",
                databaseSettings.dataDir().resolve("master.key").toString()),
            Map.entry("orchestrate.llm.anthropic.base-url", providers.anthropicBaseUrl()),
            Map.entry("orchestrate.llm.anthropic.api-key", "test-anthropic-key"),
            Map.entry("orchestrate.llm.openai.base-url", providers.openAiBaseUrl()),
            Map.entry("orchestrate.llm.openai.api-key", "test-openai-key"));
    String[] args =
        settings.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(OrchestrateApplication.class).profiles("test").run(args);
  }
}
