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

        // Within one connection timeout (10 s) and a margin, not one per data source bean.
        long asked = System.nanoTime();
        assertThat(api.get("/health", null).status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(15));
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

  /**
   * Every session of the service cut at once, again and again, while executions run (the database
   * itself answers new connections at once, as after a quick restart or a failover): an attempt
   * caught in a transaction is taken up again, never ended {@code failed} with {@code internal}.
   */
  @Test
  void executionsCaughtInACutConnectionCarryOnInsteadOfFailing() throws Exception {
    try (var postgres = ExternalPostgres.start()) {
      postgres.createDatabase("cuts");
      try (var proxy = new TcpProxy(postgres.port());
          var service = start(proxy, "cuts")) {
        var api = new Api(port(service));
        var user = api.signUp();
        var created =
            api.post(
                user.ws() + "/pipelines",
                user.token(),
                Map.of("slug", "cuts", "name", "Cuts", "graph_definition", AGENTS));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String pipeline = created.body().get("id").asString();
        List<String> executions = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
          var started =
              api.post(
                  "/orchestrate/pipeline/start",
                  user.token(),
                  Map.of("pipeline_id", pipeline, "input", Map.of("i", i)));
          assertThat(started.status()).as(started.raw()).isEqualTo(202);
          executions.add(started.body().get("execution_id").asString());
        }
        // Cut while they run and while requests are served: each cut ends whatever transaction
        // the runners and the requests are in. A request caught in one may be refused with 503,
        // never answered 500.
        var statuses = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        var cutting = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread requests =
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (cutting.get()) {
                        var r = api.get(user.ws() + "/agents", user.token());
                        statuses.add(r.status() + " " + r.raw());
                      }
                    });
        for (int cut = 0; cut < 15; cut++) {
          postgres.terminateConnections("cuts");
          await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }
        cutting.set(false);
        requests.join();
        assertThat(statuses)
            .isNotEmpty()
            .allMatch(s -> s.startsWith("200 ") || s.startsWith("503 "));
        for (String id : executions) {
          await()
              .atMost(Duration.ofMinutes(3))
              .until(
                  () ->
                      List.of("completed", "failed", "cancelled", "rejected")
                          .contains(
                              api.get("/orchestrate/executions/" + id, user.token())
                                  .body()
                                  .path("status")
                                  .asString()));
          var done = api.get("/orchestrate/executions/" + id, user.token()).body();
          assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        }
      }
    }
  }

  private static final Map<String, Object> AGENTS =
      Map.of(
          "entry_point",
          "a",
          "nodes",
          List.of(
              Map.of("id", "a", "type", "agent_call", "label", "A", "agent_slug", "optimist"),
              Map.of("id", "b", "type", "agent_call", "label", "B", "agent_slug", "critic"),
              Map.of("id", "c", "type", "agent_call", "label", "C", "agent_slug", "realist")),
          "edges",
          List.of(Map.of("from", "a", "to", "b"), Map.of("from", "b", "to", "c")));

  private static ConfigurableApplicationContext start(TcpProxy proxy) throws Exception {
    return start(proxy, "outage");
  }

  private static ConfigurableApplicationContext start(TcpProxy proxy, String database)
      throws Exception {
    Map<String, String> settings =
        ExternalPostgres.settings(ExternalPostgres.urlVia(proxy.port(), database));
    var args =
        new java.util.ArrayList<>(
            settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
    args.add("--orchestrate.data-dir=" + Files.createTempDirectory("orchestrate-outage"));
    // Simulated agents that take a while, so that cuts find runners inside their transactions.
    args.add("--orchestrate.llm.simulated.token-delay=5ms");
    // An argument, not a default property: application.yml's 8080 would outrank that.
    args.add("--server.port=0");
    return new SpringApplicationBuilder(OrchestrateApplication.class)
        .profiles("test")
        .run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
