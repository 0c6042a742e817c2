package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.Api.Response;
import dev.orchestrate.support.Api.Session;
import dev.orchestrate.support.RawHttp;
import dev.orchestrate.support.ServiceTest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL cannot store the NUL character in text or jsonb, so a NUL anywhere in what a caller
 * sends is refused at the edge with 422 naming where it is, never a 500 from the database.
 */
class UnstorableTextIT extends ServiceTest {

  /** The JSON escape of NUL, as a caller writes it in a body. */
  private static final String NUL = "\\u0000";

  /** One field of one endpoint, with a NUL in it. */
  record Case(String name, BiFunction<Fixture, Session, Response> send, String path) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> fields() {
    return Stream.of(
            agent("agent name", "\"name\": \"A" + NUL + "\"", "name"),
            agent("agent model", "\"name\": \"A\", \"model\": \"m" + NUL + "\"", "model"),
            agent(
                "agent system_prompt",
                "\"name\": \"A\", \"system_prompt\": \"Be" + NUL + "\"",
                "system_prompt"),
            agent(
                "agent description",
                "\"name\": \"A\", \"description\": \"d" + NUL + "\"",
                "description"),
            agent(
                "agent parameters value",
                "\"name\": \"A\", \"parameters\": {\"note\": \"n" + NUL + "\"}",
                "parameters.note"),
            agent(
                "agent parameters key",
                "\"name\": \"A\", \"parameters\": {\"no" + NUL + "te\": 1}",
                "parameters.no\\u0000te"),
            pipeline("pipeline name", "\"name\": \"P" + NUL + "\"", graph("Start", null), "name"),
            pipeline(
                "pipeline description",
                "\"name\": \"P\", \"description\": \"" + NUL + "\"",
                graph("Start", null),
                "description"),
            pipeline(
                "pipeline node label",
                "\"name\": \"P\"",
                graph("St" + NUL + "art", null),
                "graph_definition.nodes[0].label"),
            pipeline(
                "pipeline edge condition",
                "\"name\": \"P\"",
                graph("Start", "\\\"a" + NUL + "\\\" == \\\"a\\\""),
                "graph_definition.edges[0].condition"),
            new Case(
                "grant description",
                (f, s) ->
                    f.post(
                        s.ws() + "/credits/grants",
                        s,
                        "{\"amount\": 1, \"description\": \"g" + NUL + "\"}"),
                "description"),
            new Case(
                "workspace name",
                (f, s) -> f.post("/api/workspaces", s, "{\"name\": \"W" + NUL + "\"}"),
                "name"),
            start(
                "execution input key",
                "\"input\": {\"query" + NUL + "\": \"AI 솔루션\"}",
                "input.query\\u0000"),
            start(
                "execution input value",
                "\"input\": {\"query\": \"AI" + NUL + "\"}",
                "input.query"),
            start(
                "idempotency_key",
                "\"input\": {\"query\": \"AI 솔루션\"}, \"idempotency_key\": \"k" + NUL + "\"",
                "idempotency_key"),
            new Case(
                "approval comment",
                (f, s) ->
                    f.post(
                        "/orchestrate/executions/" + f.executionAtAGate(s) + "/approve",
                        s,
                        "{\"node_id\": \"gate\", \"comment\": \"ok" + NUL + "\"}"),
                "comment"),
            new Case(
                "sign-up name",
                (f, s) ->
                    f.api.postRaw(
                        "/api/auth/signup",
                        null,
                        "application/json",
                        BodyPublishers.ofString(
                            "{\"email\": \"nul-"
                                + UUID.randomUUID()
                                + "@example.com\", \"password\": \"long enough pass\","
                                + " \"name\": \"N"
                                + NUL
                                + "\"}")),
                "name"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void aNulInAFieldIsRefusedAndNamed(Case field) {
    Session session = api.signUp();
    Response r = field.send().apply(new Fixture(api), session);

    assertNulRefused(r, field.name());
    assertThat(r.body().path("errors").findValuesAsString("path"))
        .as(r.raw())
        .containsExactly(field.path());
  }

  @Test
  void everyNulOfABodyIsListed() {
    Session session = api.signUp();
    Response r =
        new Fixture(api)
            .post(
                session.ws() + "/agents",
                session,
                "{\"slug\": \"nul_all\", \"name\": \"A"
                    + NUL
                    + "\", \"description\": \""
                    + NUL
                    + NUL
                    + "\", \"parameters\": {\"deep\": {\"list\": [\"ok\", \"x"
                    + NUL
                    + "\"], \"k"
                    + NUL
                    + "\": true}}, \"model_provider\": \"simulated\"}");

    assertNulRefused(r, "several");
    assertThat(r.body().path("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder(
            "name", "description", "parameters.deep.list[1]", "parameters.deep.k\\u0000");
  }

  /**
   * A lone surrogate is no character: UTF-8 cannot encode it, so stored it would silently become
   * {@code ?}, and the password hasher throws on it (a login with one was a 500, found by drill 10
   * with seed 1317608332). Refused like NUL; a whole pair (an emoji) passes.
   */
  @Test
  void aLoneSurrogateIsRefusedAndNamedEvenAtLoginAndAWholePairPasses() {
    Session session = api.signUp();
    Map<String, String> bodies =
        Map.of(
            "/api/auth/login",
            "{\"email\": \"" + session.email() + "\", \"password\": \"pass\\ud800word\"}",
            "/api/auth/signup",
            "{\"email\": \"s-"
                + UUID.randomUUID()
                + "@example.com\", \"password\": \"\\udc00long enough pass\"}");
    for (var body : bodies.entrySet()) {
      Response r =
          api.postRaw(
              body.getKey(), null, "application/json", BodyPublishers.ofString(body.getValue()));
      assertThat(r.status()).as("%s: %s", body.getKey(), r).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body().path("errors").findValuesAsString("path")).containsExactly("password");
      assertThat(r.body().path("errors").findValuesAsString("message"))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("lone surrogate"));
    }

    Response agent =
        new Fixture(api)
            .post(
                session.ws() + "/agents",
                session,
                "{\"slug\": \"lone\", \"name\": \"A\\ud83d\", \"parameters\": {\"k\": [\"\\udfff\"]},"
                    + " \"model_provider\": \"simulated\"}");
    assertThat(agent.status()).as(agent.raw()).isEqualTo(422);
    assertThat(agent.body().path("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("name", "parameters.k[0]");

    Response pair =
        new Fixture(api)
            .post(
                session.ws() + "/agents",
                session,
                "{\"slug\": \"pair\", \"name\": \"A \\ud83d\\ude00\", \"model_provider\":"
                    + " \"simulated\"}");
    assertThat(pair.status()).as(pair.raw()).isEqualTo(201);
    assertThat(pair.body().get("name").asString()).isEqualTo("A \uD83D\uDE00");
  }

  @Test
  void aNulInAQueryParameterIsRefusedAndNamed() {
    Session session = api.signUp();
    for (String query :
        List.of("category=audit%00x", "action=a%00", "cat%00egory=x", "category=a&action=%00")) {
      Response r = api.get(session.ws() + "/audit-logs?" + query, session.token());
      assertNulRefused(r, query);
      assertThat(r.body().path("errors").findValuesAsString("path"))
          .as(query)
          .hasSize(1)
          .allSatisfy(path -> assertThat(path).isIn("category", "action", "cat\\u0000egory"));
    }
    Response cursor = api.get(session.ws() + "/executions?status=a%00", session.token());
    assertNulRefused(cursor, "status");
  }

  @Test
  void aNulInAHeaderIsRefusedAsAMalformedRequest() {
    // HTTP forbids NUL in a field value (RFC 9110, 5.5): Tomcat refuses the request before any
    // filter runs, and that refusal is problem+json like every other.
    Session session = api.signUp();
    String pipelineId = new Fixture(api).demoPipeline(session);
    String body = "{\"pipeline_id\": \"" + pipelineId + "\", \"input\": {\"query\": \"AI 솔루션\"}}";

    RawHttp.Answer r =
        RawHttp.post(
            port,
            "/orchestrate/pipeline/start",
            Map.of(
                "Authorization", "Bearer " + session.token(),
                "Content-Type", "application/json",
                "Idempotency-Key", "key\0one"),
            body);

    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.header("Content-Type")).as(r.raw()).startsWith("application/problem+json");
    JsonNode problem = Api.json().readTree(r.body());
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("type").asString()).endsWith("/bad-request");
  }

  @Test
  void aNulInThePathNamesNothing() {
    Session session = api.signUp();
    for (String path :
        List.of(
            session.ws() + "/agents/%00",
            "/api/workspaces/%00/agents",
            session.ws() + "/agents/" + UUID.randomUUID() + "%00")) {
      Response r = api.get(path, session.token());
      assertThat(r.status()).as(path + " " + r).isIn(400, 404);
      assertThat(r.contentType()).as(path).startsWith("application/problem+json");
    }
  }

  @Test
  void anAnonymousCallerIsRefusedForTheMissingTokenNotForTheBody() {
    Response r =
        api.postRaw(
            "/api/workspaces",
            null,
            "application/json",
            BodyPublishers.ofString("{\"name\": \"W" + NUL + "\"}"));
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aBodyWithoutNulStillPasses() {
    // Guards the refusals above: a lone backslash-u text is not a NUL, and bodies pass intact.
    Session session = api.signUp();
    Response r =
        new Fixture(api)
            .post(
                session.ws() + "/agents",
                session,
                "{\"slug\": \"nul_none\", \"name\": \"A \\\\u0000 ☃\", \"model_provider\":"
                    + " \"simulated\"}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.body().get("name").asString()).isEqualTo("A \\u0000 ☃");
  }

  // --- fixtures ------------------------------------------------------------------------------

  private static Case agent(String name, String fields, String path) {
    return new Case(
        name,
        (f, s) ->
            f.post(
                s.ws() + "/agents",
                s,
                "{\"slug\": \"nul_"
                    + shortId()
                    + "\", \"model_provider\": \"simulated\", "
                    + fields
                    + "}"),
        path);
  }

  private static Case pipeline(String name, String fields, String graph, String path) {
    return new Case(
        name,
        (f, s) ->
            f.post(
                s.ws() + "/pipelines",
                s,
                "{\"slug\": \"nul_"
                    + shortId()
                    + "\", "
                    + fields
                    + ", \"graph_definition\": "
                    + graph
                    + "}"),
        path);
  }

  private static Case start(String name, String fields, String path) {
    return new Case(
        name,
        (f, s) ->
            f.post(
                "/orchestrate/pipeline/start",
                s,
                "{\"pipeline_id\": \"" + f.demoPipeline(s) + "\", " + fields + "}"),
        path);
  }

  private static String graph(String label, String condition) {
    String edge =
        condition == null
            ? "{\"from\": \"start\", \"to\": \"done\"}"
            : "{\"from\": \"start\", \"to\": \"done\", \"condition\": \"" + condition + "\"}";
    return "{\"entry_point\": \"start\", \"nodes\": [{\"id\": \"start\", \"type\": \"trigger\","
        + " \"label\": \""
        + label
        + "\"}, {\"id\": \"done\", \"type\": \"finalize\", \"label\": \"Done\"}], \"edges\": ["
        + edge
        + "]}";
  }

  /** A 422 problem+json whose every error is about NUL. */
  private static void assertNulRefused(Response r, String what) {
    assertThat(r.status()).as("%s: %s", what, r).isEqualTo(422);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    assertThat(r.body().path("code").asString()).isEqualTo("validation_failed");
    assertThat(r.body().path("errors").findValuesAsString("message"))
        .as(what)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("NUL"));
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The user's demo pipelines and a gate pipeline, through the API. */
  record Fixture(Api api) {
    Response post(String path, Session session, String json) {
      return api.postRaw(path, session.token(), "application/json", BodyPublishers.ofString(json));
    }

    String demoPipeline(Session session) {
      return api.get(session.ws() + "/pipelines", session.token())
          .body()
          .valueStream()
          .filter(p -> p.get("slug").asString().equals("grant_factory"))
          .findFirst()
          .orElseThrow()
          .get("id")
          .asString();
    }

    /** An execution waiting at the human gate {@code gate}. */
    String executionAtAGate(Session session) {
      Response pipeline =
          api.post(
              session.ws() + "/pipelines",
              session.token(),
              Map.of(
                  "slug",
                  "gate_" + shortId(),
                  "name",
                  "Gate",
                  "graph_definition",
                  Map.of(
                      "entry_point",
                      "start",
                      "nodes",
                      List.of(
                          Map.of("id", "start", "type", "trigger", "label", "Start"),
                          Map.of("id", "gate", "type", "human_gate", "label", "Gate"),
                          Map.of("id", "done", "type", "finalize", "label", "Done")),
                      "edges",
                      List.of(
                          Map.of("from", "start", "to", "gate"),
                          Map.of("from", "gate", "to", "done")))));
      assertThat(pipeline.status()).as(pipeline.raw()).isEqualTo(201);
      Response started =
          api.post(
              "/orchestrate/pipeline/start",
              session.token(),
              Map.of("pipeline_id", pipeline.body().get("id").asString(), "input", Map.of()));
      assertThat(started.status()).as(started.raw()).isEqualTo(202);
      String id = started.body().get("execution_id").asString();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                JsonNode execution =
                    api.get("/orchestrate/executions/" + id, session.token()).body();
                return execution.path("status").asString("").equals("awaiting_approval");
              });
      return id;
    }
  }
}
