package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture: one user's workspace, with agents and pipelines made through the API, executions
 * started and awaited through the API, and the engine's own records (step runs, events) read from
 * PostgreSQL in a system transaction.
 */
final class Executions {

  static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper SINGLE_QUOTED =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private final Api api;
  private final Api.Session user;
  private final Tenancy tenancy;
  private final JdbcClient jdbc;

  Executions(Api api, Api.Session user, Tenancy tenancy, JdbcClient jdbc) {
    this.api = api;
    this.user = user;
    this.tenancy = tenancy;
    this.jdbc = jdbc;
  }

  /** The same fixture acting in another workspace of the same user. */
  Executions in(UUID workspaceId) {
    return new Executions(
        api,
        new Api.Session(user.email(), user.token(), user.userId(), workspaceId),
        tenancy,
        jdbc);
  }

  Api.Session user() {
    return user;
  }

  /** An Anthropic agent on a priced model whose requests carry {@code marker}. */
  String agent(String slug, String marker) {
    var created =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                slug,
                "name",
                slug,
                "model_provider",
                "anthropic",
                "model",
                "claude-sonnet-4-20250514",
                "system_prompt",
                "You help the engine tests. " + marker,
                "parameters",
                Map.of("max_tokens", 256)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().get("id").asString();
  }

  /** Saves a pipeline whose graph is written as JSON with single quotes; answers its id. */
  String pipeline(String graph) {
    var created =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of(
                "slug",
                "p" + UUID.randomUUID().toString().substring(0, 8),
                "name",
                "Engine test",
                "graph_definition",
                SINGLE_QUOTED.readTree(graph)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().get("id").asString();
  }

  Api.Response tryStart(String pipelineId, Map<String, ?> input) {
    return api.post(
        "/orchestrate/pipeline/start",
        user.token(),
        Map.of("pipeline_id", pipelineId, "input", input));
  }

  /** Starts the pipeline; answers the execution id. */
  String start(String pipelineId, Map<String, ?> input) {
    var started = tryStart(pipelineId, input);
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    return started.body().get("execution_id").asString();
  }

  /** Runs the graph in a new pipeline and waits until it ends with {@code status}. */
  JsonNode run(String graph, Map<String, ?> input, String status) {
    return awaitStatus(start(pipeline(graph), input), status);
  }

  JsonNode get(String id) {
    var response = api.get("/orchestrate/executions/" + id, user.token());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  /** Waits until the execution has {@code status}; fails at once if it ends otherwise. */
  JsonNode awaitStatus(String id, String status) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> get(id),
            e -> {
              String now = e.path("status").asString("");
              if (now.isEmpty()) {
                throw new AssertionError("not an execution: " + e);
              }
              if (!now.equals(status) && ExecutionStatus.of(now).terminal()) {
                throw new AssertionError(
                    "execution ended " + now + " instead of " + status + ": " + e);
              }
              return now.equals(status);
            });
  }

  Api.Response approve(String id, String nodeId) {
    return decide(id, "approve", nodeId, user.token());
  }

  Api.Response reject(String id, String nodeId) {
    return decide(id, "reject", nodeId, user.token());
  }

  Api.Response decide(String id, String verb, String nodeId, String token) {
    return api.post("/orchestrate/executions/" + id + "/" + verb, token, Map.of("node_id", nodeId));
  }

  /** Every stored event of the execution, in seq order. */
  List<JsonNode> events(String id) {
    return tenancy.inSystemTransaction(
        "test reads events",
        () ->
            jdbc
                .sql(
                    """
                    SELECT payload::text FROM execution_events WHERE execution_id = ? ORDER BY seq
                    """)
                .param(UUID.fromString(id))
                .query(String.class)
                .list()
                .stream()
                .map(text -> Api.json().readTree(text))
                .toList());
  }

  /** The seq of the first event of {@code type} for {@code nodeId}. */
  long seqOf(List<JsonNode> events, String type, String nodeId) {
    return events.stream()
        .filter(e -> e.path("type").asString("").equals(type))
        .filter(e -> e.path("node_id").asString("").equals(nodeId))
        .mapToLong(e -> e.get("seq").asLong())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " of " + nodeId + " in " + events));
  }

  /** Every run of every node, in running order (superstep, then node id). */
  List<Run> runs(String id) {
    return tenancy.inSystemTransaction(
        "test reads steps",
        () ->
            jdbc.sql(
                    """
                    SELECT node_id, run, status, attempt, coalesce(superstep, 0) FROM pipeline_steps
                    WHERE execution_id = ? ORDER BY superstep, node_id, run
                    """)
                .param(UUID.fromString(id))
                .query(
                    (rs, n) ->
                        new Run(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getInt(5)))
                .list());
  }

  /** The node ids of each superstep that ran or skipped something, in order, as "a,b". */
  List<String> supersteps(String id) {
    var bySuperstep = new java.util.TreeMap<Integer, List<String>>();
    for (Run run : runs(id)) {
      bySuperstep
          .computeIfAbsent(run.superstep(), k -> new java.util.ArrayList<>())
          .add(run.nodeId());
    }
    return bySuperstep.values().stream().map(ids -> String.join(",", ids)).toList();
  }

  /** The usage entries of the workspace's ledger that charged this execution. */
  List<JsonNode> usageCharges(String id) {
    var credits = api.get(user.ws() + "/credits?limit=200", user.token());
    assertThat(credits.status()).as(credits.raw()).isEqualTo(200);
    return credits
        .body()
        .get("transactions")
        .valueStream()
        .filter(t -> t.path("type").asString("").equals("usage"))
        .filter(t -> t.path("reference_id").asString("").equals(id))
        .toList();
  }

  /** The step of {@code nodeId} as the API shows it (its latest run). */
  static JsonNode step(JsonNode execution, String nodeId) {
    return execution
        .get("steps")
        .valueStream()
        .filter(s -> s.get("node_id").asString().equals(nodeId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + nodeId + " in " + execution));
  }

  /** Each step's status by node id, as the API shows them. */
  static Map<String, String> statuses(JsonNode execution) {
    var statuses = new java.util.LinkedHashMap<String, String>();
    execution
        .get("steps")
        .forEach(s -> statuses.put(s.get("node_id").asString(), s.get("status").asString()));
    return statuses;
  }

  /** The lease columns of an execution. */
  LeaseRow lease(String id) {
    return lease(UUID.fromString(id));
  }

  LeaseRow lease(UUID id) {
    return tenancy.inSystemTransaction(
        "test reads a lease",
        () ->
            jdbc.sql("SELECT lease_epoch, lease_until FROM pipeline_executions WHERE id = ?")
                .param(id)
                .query(
                    (rs, n) -> {
                      java.sql.Timestamp until = rs.getTimestamp(2);
                      return new LeaseRow(rs.getLong(1), until == null ? null : until.toInstant());
                    })
                .single());
  }

  /** The database's clock, which leases are measured by. */
  java.time.Instant databaseNow() {
    return tenancy.inSystemTransaction(
        "test reads the clock",
        () -> jdbc.sql("SELECT now()").query(java.sql.Timestamp.class).single().toInstant());
  }

  /** The lease columns of an execution; {@code until} is null once nobody holds it. */
  record LeaseRow(long epoch, java.time.Instant until) {}

  /** One run of a node as pipeline_steps records it. */
  record Run(String nodeId, int run, String status, int attempt, int superstep) {}
}
