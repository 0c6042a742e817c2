package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.OrchestrateApplication;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ExternalPostgres;
import dev.orchestrate.support.TcpProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database out of reach (every connection cut, new ones refused) and back: meanwhile the
 * service says it is unhealthy and refuses work with 503 and Retry-After, a status a client may
 * retry on, rather than a 500 that reads as a bug; once it is back, work is accepted again.
 */
class DatabaseOutageIT {

  private static final Map<String, Object> ONE_STEP =
      Map.of(
          "entry_point", "v",
          "nodes", List.of(Map.of("id", "v", "type", "validation", "label", "V")),
          "edges", List.of());

  @Test
  void refusesWith503WhileTheDatabaseIsDownAndRecoversAfter() throws Exception {
    try (var postgres = ExternalPostgres.start()) {
      postgres.createDatabase("outage");
      try (var proxy = new TcpProxy(postgres.port());
          var service = start(proxy)) {
        var api = new Api(port(service));
        var user = api.signUp();
        var created =
            api.post(
                user.ws() + "/pipelines",
                user.token(),
                Map.of("slug", "outage", "name", "Outage", "graph_definition", ONE_STEP));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String pipeline = created.body().get("id").asString();
        Map<String, Object> start = Map.of("pipeline_id", pipeline, "input", Map.of());
        assertThat(api.get("/health", null).status()).isEqualTo(200);

        proxy.cut();

        assertThat(api.get("/health", null).status()).isEqualTo(503);
        for (var refused :
            List.of(
                api.post("/orchestrate/pipeline/start", user.token(), start),
                api.post(
                    user.ws() + "/agents",
                    user.token(),
                    Map.of("slug", "late", "name", "Late", "model_provider", "simulated")),
                api.get(user.ws() + "/agents", user.token()))) {
          assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
          assertThat(refused.contentType()).startsWith("application/problem+json");
          assertThat(refused.body().get("code").asString()).isEqualTo("unavailable");
          assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        }

        proxy.restore();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> api.get("/health", null).status() == 200);
        var accepted = api.post("/orchestrate/pipeline/start", user.token(), start);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
      }
    }
  }

  private static ConfigurableApplicationContext start(TcpProxy proxy) throws Exception {
    Map<String, String> settings =
        ExternalPostgres.settings(ExternalPostgres.urlVia(proxy.port(), "outage"));
    var args =
        new java.util.ArrayList<>(
            settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
    args.add("--orchestrate.data-dir=" + Files.createTempDirectory("orchestrate-outage"));
    return new SpringApplicationBuilder(OrchestrateApplication.class)
        .profiles("test")
        .properties(Map.of("server.port", "0"))
        .run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
