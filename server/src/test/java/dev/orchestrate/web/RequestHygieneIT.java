package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api.Response;
import dev.orchestrate.support.Api.Session;
import dev.orchestrate.support.ServiceTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever a caller sends, the answer is a 4xx problem+json that names the problem and says nothing
 * internal: never a 500, a stack trace or SQL.
 */
class RequestHygieneIT extends ServiceTest {

  private static final int ONE_MIB = 1024 * 1024;

  /** The three endpoints that take a body from the outside world. */
  enum Target {
    SIGN_UP {
      @Override
      String path(Session session) {
        return "/api/auth/signup";
      }

      @Override
      String token(Session session) {
        return null;
      }

      @Override
      String validFields() {
        return "\"email\": \"hygiene-"
            + UUID.randomUUID()
            + "@example.com\", \"password\": \"long enough pass\"";
      }

      @Override
      List<WrongType> wrongTypes() {
        return List.of(
            new WrongType(
                "{\"email\": [\"a@example.com\"], \"password\": \"long enough pass\"}", "email"),
            new WrongType(
                "{\"email\": \"typed@example.com\", \"password\": {\"p\": 1}}", "password"));
      }
    },
    AGENTS {
      @Override
      String path(Session session) {
        return session.ws() + "/agents";
      }

      @Override
      String validFields() {
        return "\"slug\": \"hygiene_"
            + shortId()
            + "\", \"name\": \"Hygiene\", \"model_provider\": \"simulated\"";
      }

      @Override
      List<WrongType> wrongTypes() {
        String base =
            "\"slug\": \"typed\", \"name\": \"Typed\", \"model_provider\": \"simulated\", ";
        return List.of(
            new WrongType("{" + base + "\"cost_per_run\": \"abc\"}", "cost_per_run"),
            new WrongType("{" + base + "\"parameters\": 5}", "parameters"),
            new WrongType("{" + base + "\"tools\": \"x\"}", "tools"));
      }
    },
    PIPELINES {
      @Override
      String path(Session session) {
        return session.ws() + "/pipelines";
      }

      @Override
      String validFields() {
        return "\"slug\": \"hygiene_"
            + shortId()
            + "\", \"name\": \"Hygiene\", \"graph_definition\": "
            + TINY_GRAPH;
      }

      @Override
      List<WrongType> wrongTypes() {
        return List.of(
            new WrongType(
                "{\"slug\": \"typed\", \"name\": \"Typed\", \"graph_definition\": \"string\"}",
                "graph_definition"),
            new WrongType(
                "{\"slug\": [\"typed\"], \"name\": \"Typed\", \"graph_definition\": "
                    + TINY_GRAPH
                    + "}",
                "slug"));
      }
    };

    abstract String path(Session session);

    String token(Session session) {
      return session.token();
    }

    /** Fields of a body this endpoint accepts, without the braces. */
    abstract String validFields();

    abstract List<WrongType> wrongTypes();
  }

  /** A body with one field of the wrong JSON type. */
  record WrongType(String body, String field) {}

  private static final String TINY_GRAPH =
      """
      {"entry_point": "start",
       "nodes": [{"id": "start", "type": "trigger", "label": "Start"},
                 {"id": "done", "type": "finalize", "label": "Done"}],
       "edges": [{"from": "start", "to": "done"}]}""";

  @ParameterizedTest
  @EnumSource(Target.class)
  void aValidBodyIsAccepted(Target target) {
    // Guards the refusals below: each endpoint does accept a well-formed body.
    Session session = api.signUp();
    Response r = postJson(target, session, "{" + target.validFields() + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void malformedJsonIsABadRequest(Target target) {
    Session session = api.signUp();
    for (String body :
        List.of("{\"slug\": ", "{" + target.validFields(), "not json at all", "{\"a\": 1,}")) {
      Response r = postJson(target, session, body);
      assertProblem(r, target + " " + body);
      assertThat(r.status()).as("%s %s", target, body).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aFieldOfTheWrongTypeIsRefusedAndNamed(Target target) {
    Session session = api.signUp();
    for (WrongType wrong : target.wrongTypes()) {
      Response r = postJson(target, session, wrong.body());
      assertProblem(r, target + " " + wrong.body());
      assertThat(r.status()).as("%s %s", target, wrong.body()).isIn(400, 422);
      assertThat(r.body().path("errors").findValuesAsString("path"))
          .as("%s %s", target, wrong.body())
          .anySatisfy(path -> assertThat(path).startsWith(wrong.field()));
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void anUnknownTopLevelFieldIsABadRequest(Target target) {
    Session session = api.signUp();
    Response r =
        postJson(
            target,
            session,
            "{" + target.validFields() + ", \"workspace_id\": \"" + UUID.randomUUID() + "\"}");
    assertProblem(r, target.toString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("errors").findValuesAsString("path")).contains("workspace_id");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void anEmptyBodyIsABadRequest(Target target) {
    Session session = api.signUp();
    Response r =
        api.postRaw(
            target.path(session),
            target.token(session),
            "application/json",
            BodyPublishers.noBody());
    assertProblem(r, target.toString());
    assertThat(r.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aBodyThatIsNotJsonIsRefusedByItsContentType(Target target) {
    Session session = api.signUp();
    for (String type :
        List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
      Response r =
          api.postRaw(
              target.path(session),
              target.token(session),
              type,
              BodyPublishers.ofString("{" + target.validFields() + "}"));
      assertProblem(r, target + " " + type);
      assertThat(r.status()).as("%s %s", target, type).isIn(400, 415);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aFormBodyTheFirewallDislikesIsRefusedNotAnError(Target target) {
    // A form body is parsed into parameters before MVC sees the content type; a control
    // character in a parameter name trips Spring Security's firewall at that moment.
    Session session = api.signUp();
    Response r =
        api.postRaw(
            target.path(session),
            target.token(session),
            "application/x-www-form-urlencoded",
            BodyPublishers.ofString("a\nb=c"));
    assertProblem(r, target.toString());
    assertThat(r.status()).isIn(400, 415);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aBodyOverOneMebibyteWithContentLengthIsTooLarge(Target target) {
    Session session = api.signUp();
    Response r =
        api.postRaw(
            target.path(session),
            target.token(session),
            "application/json",
            BodyPublishers.ofByteArray(oversized()));
    assertProblem(r, target.toString());
    assertThat(r.status()).isEqualTo(413);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aChunkedBodyGrowingOverOneMebibyteIsTooLarge(Target target) {
    Session session = api.signUp();
    byte[] body = oversized();
    // From a stream the client cannot size, so it sends no Content-Length and chunks the body.
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    Response r =
        api.postRaw(target.path(session), target.token(session), "application/json", chunked);
    assertProblem(r, target.toString());
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void anInvalidAgentListsEveryProblem() {
    Session session = api.signUp();
    Response r =
        api.post(
            session.ws() + "/agents",
            session.token(),
            Map.of(
                "slug",
                "Not A Slug!",
                "model_provider",
                "simulated",
                "parameters",
                Map.of("temperature", 9)));

    assertProblem(r, "agent");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("slug", "name", "parameters.temperature");
    assertThat(r.body().get("errors").findValuesAsString("message"))
        .allSatisfy(m -> assertThat(m).isNotBlank());
  }

  @Test
  void anInvalidPipelineListsEveryProblem() {
    Session session = api.signUp();
    Response r =
        api.post(
            session.ws() + "/pipelines",
            session.token(),
            Map.of(
                "slug",
                "Not A Slug!",
                "name",
                " ",
                "graph_definition",
                Map.of("nodes", List.of())));

    assertProblem(r, "pipeline");
    assertThat(r.status()).isEqualTo(422);
    List<String> paths = r.body().get("errors").findValuesAsString("path");
    assertThat(paths).contains("slug", "name");
    assertThat(paths).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void anInvalidMemberListsEveryProblem() {
    Session session = api.signUp();
    Response r =
        api.post(session.ws() + "/members", session.token(), Map.of("email", "not-an-email"));

    assertProblem(r, "member");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("email", "role");
  }

  @Test
  void aPathIdThatIsNotAUuidNamesNothing() {
    Session session = api.signUp();
    String pipelineId =
        api.get(session.ws() + "/pipelines", session.token()).body().get(0).get("id").asString();
    List<Response> answers =
        List.of(
            api.get("/api/workspaces/not-a-uuid", session.token()),
            api.get("/api/workspaces/not-a-uuid/agents", session.token()),
            api.get(session.ws() + "/agents/not-a-uuid", session.token()),
            api.patch(session.ws() + "/agents/123", session.token(), Map.of("name", "x")),
            api.delete(session.ws() + "/agents/123", session.token()),
            api.get(session.ws() + "/pipelines/not-a-uuid", session.token()),
            api.get(
                session.ws() + "/pipelines/" + pipelineId + "/versions/not-a-number",
                session.token()),
            api.patch(
                session.ws() + "/members/not-a-uuid", session.token(), Map.of("role", "viewer")),
            api.delete(session.ws() + "/members/not-a-uuid", session.token()));

    for (Response r : answers) {
      assertProblem(r, r.toString());
      assertThat(r.status()).as(r.toString()).isEqualTo(404);
    }
  }

  @Test
  void anUnknownApiRouteNeedsATokenAndThenIsNotFound() {
    Session session = api.signUp();
    for (String path :
        List.of(
            "/api/no-such-thing", "/api/workspaces/" + session.workspaceId() + "/no-such-thing")) {
      Response anonymous = api.get(path, null);
      assertProblem(anonymous, "anonymous " + path);
      assertThat(anonymous.status()).as(path).isEqualTo(401);

      Response signedIn = api.get(path, session.token());
      assertProblem(signedIn, "signed in " + path);
      assertThat(signedIn.status()).as(path).isEqualTo(404);

      Response posted = api.post(path, session.token(), Map.of("a", 1));
      assertProblem(posted, "POST " + path);
      assertThat(posted.status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void aPathTheFirewallRefusesIsAClientError() {
    Session session = api.signUp();
    for (String path :
        List.of("/api/me;jsessionid=1", "/api//me", "/api/workspaces/%2e%2e/me", "/api/me%0a")) {
      Response r = api.get(path, session.token());
      assertProblem(r, path);
    }
  }

  @Test
  void aMethodTheRouteDoesNotTakeIsRefused() {
    Session session = api.signUp();
    Response r = api.delete(session.ws() + "/agents", session.token());

    assertProblem(r, r.toString());
    assertThat(r.status()).isEqualTo(405);
  }

  // --- helpers -----------------------------------------------------------------------------

  private Response postJson(Target target, Session session, String body) {
    return api.postRaw(
        target.path(session),
        target.token(session),
        "application/json",
        BodyPublishers.ofString(body));
  }

  /** A 4xx problem+json with the RFC 9457 members, leaking nothing internal. */
  private static void assertProblem(Response r, String what) {
    assertThat(r.status()).as("status of %s: %s", what, r).isBetween(400, 499);
    assertThat(r.contentType())
        .as("content type of %s: %s %s", what, r, r.headers().map())
        .startsWith("application/problem+json");
    assertThat(r.body().hasNonNull("type")).as("type in %s: %s", what, r.raw()).isTrue();
    assertThat(r.body().hasNonNull("title")).as("title in %s: %s", what, r.raw()).isTrue();
    assertThat(r.body().path("status").asInt())
        .as("status member of %s: %s", what, r.raw())
        .isEqualTo(r.status());
    assertThat(r.raw())
        .as("body of %s", what)
        .doesNotContain(
            "Exception", "at dev.", "SELECT", "INSERT", "tools.jackson", "org.springframework");
  }

  /** A JSON object just over 1 MiB: a valid start, so only its size is wrong. */
  private static byte[] oversized() {
    String start = "{\"name\": \"";
    return (start + "a".repeat(ONE_MIB + 16 - start.length()) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
