package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.Api.Response;
import dev.orchestrate.support.Api.Session;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Workspaces are walls: another workspace's ids answer exactly like ids that do not exist, and
 * inside a workspace each role may do only what the contract lets it.
 */
class CrossWorkspaceIT extends ServiceTest {

  /** A graph every seeded workspace accepts: a trigger followed by a finalize. */
  private static final Map<String, Object> TINY_GRAPH =
      Map.of(
          "entry_point", "start",
          "nodes",
              List.of(
                  Map.of("id", "start", "type", "trigger", "label", "Start"),
                  Map.of("id", "done", "type", "finalize", "label", "Done")),
          "edges", List.of(Map.of("from", "start", "to", "done")));

  @Test
  void everyEndpointCalledWithAnotherWorkspacesIdsAnswers404AndChangesNothing() {
    Session owner = api.signUp();
    Session neighbour = api.signUp();
    Session stranger = api.signUp();
    WorkspaceIds ids = idsOf(owner);
    Snapshot before = snapshot(owner, ids);

    for (Session outsider : List.of(neighbour, stranger)) {
      for (Call call : everyWorkspaceCall(owner, ids, outsider)) {
        Response r = call.send(api, outsider.token());
        assertThat(r.status()).as("%s by an outsider", call).isEqualTo(404);
        assertThat(r.contentType())
            .as("%s by an outsider", call)
            .startsWith("application/problem+json");
      }
    }

    assertThat(snapshot(owner, ids)).isEqualTo(before);
    assertThat(api.get("/api/me", owner.token()).body().get("workspaces")).hasSize(1);
    assertThat(api.get("/api/me", neighbour.token()).body().get("workspaces")).hasSize(1);
  }

  @Test
  void theBodiesRefusedAcrossWorkspacesAreAcceptedAtHome() {
    // Guards the 404s above: they come from the wall, not from a bad body.
    Session user = api.signUp();
    assertThat(api.post(user.ws() + "/agents", user.token(), newAgent()).status()).isEqualTo(201);
    assertThat(api.post(user.ws() + "/pipelines", user.token(), newPipeline()).status())
        .isEqualTo(201);
    assertThat(
            api.post(
                    user.ws() + "/pipelines/validate",
                    user.token(),
                    Map.of("graph_definition", TINY_GRAPH))
                .status())
        .isEqualTo(200);
  }

  @Test
  void anotherWorkspacesAgentAndPipelineIdsAnswer404UnderTheCallersOwnWorkspace() {
    Session owner = api.signUp();
    Session neighbour = api.signUp();
    WorkspaceIds ids = idsOf(owner);
    Snapshot before = snapshot(owner, ids);
    String agent = neighbour.ws() + "/agents/" + ids.agentId();
    String pipeline = neighbour.ws() + "/pipelines/" + ids.pipelineId();

    List<Call> calls =
        List.of(
            Call.get(agent),
            Call.patch(agent, Map.of("name", "Hijacked")),
            Call.delete(agent),
            Call.get(pipeline),
            Call.patch(pipeline, Map.of("name", "Hijacked", "graph_definition", TINY_GRAPH)),
            Call.delete(pipeline),
            Call.get(pipeline + "/versions"),
            Call.get(pipeline + "/versions/1"));
    for (Call call : calls) {
      Response r = call.send(api, neighbour.token());
      assertThat(r.status()).as(call.toString()).isEqualTo(404);
      assertThat(r.contentType()).as(call.toString()).startsWith("application/problem+json");
    }

    assertThat(snapshot(owner, ids)).isEqualTo(before);
  }

  @Test
  void aViewerReadsAgentsAndPipelinesButMayWriteNothing() {
    Session owner = api.signUp();
    Session viewer = api.signUp();
    Session someoneElse = api.signUp();
    WorkspaceIds ids = idsOf(owner);
    addMember(owner, viewer, "viewer");
    Snapshot before = snapshot(owner, ids);

    assertThat(api.get(owner.ws(), viewer.token()).body().get("role").asString())
        .isEqualTo("viewer");
    assertThat(api.get(owner.ws() + "/agents", viewer.token()).status()).isEqualTo(200);
    assertThat(api.get(owner.ws() + "/agents/" + ids.agentId(), viewer.token()).status())
        .isEqualTo(200);
    assertThat(api.get(owner.ws() + "/pipelines", viewer.token()).status()).isEqualTo(200);
    assertThat(api.get(owner.ws() + "/pipelines/" + ids.pipelineId(), viewer.token()).status())
        .isEqualTo(200);

    String agent = owner.ws() + "/agents/" + ids.agentId();
    String pipeline = owner.ws() + "/pipelines/" + ids.pipelineId();
    List<Call> writes =
        List.of(
            Call.post(owner.ws() + "/agents", newAgent()),
            Call.patch(agent, Map.of("name", "Renamed by a viewer")),
            Call.delete(agent),
            Call.post(owner.ws() + "/pipelines", newPipeline()),
            Call.patch(pipeline, Map.of("name", "Renamed by a viewer")),
            Call.delete(pipeline),
            Call.post(
                owner.ws() + "/members", Map.of("email", someoneElse.email(), "role", "viewer")),
            Call.patch(owner.ws() + "/members/" + viewer.userId(), Map.of("role", "admin")),
            Call.delete(owner.ws() + "/members/" + owner.userId()));
    for (Call call : writes) {
      Response r = call.send(api, viewer.token());
      assertThat(r.status()).as("%s by a viewer", call).isEqualTo(403);
      assertThat(r.contentType()).as("%s by a viewer", call).startsWith("application/problem+json");
    }

    assertThat(snapshot(owner, ids)).isEqualTo(before);
  }

  @Test
  void aMemberCreatesAgentsButCannotAddMembers() {
    Session owner = api.signUp();
    Session member = api.signUp();
    Session someoneElse = api.signUp();
    addMember(owner, member, "member");

    Response created = api.post(owner.ws() + "/agents", member.token(), newAgent());
    assertThat(created.status()).isEqualTo(201);
    assertThat(
            api.get(owner.ws() + "/agents/" + created.body().get("id").asString(), owner.token())
                .status())
        .isEqualTo(200);

    Response adding =
        api.post(
            owner.ws() + "/members",
            member.token(),
            Map.of("email", someoneElse.email(), "role", "viewer"));
    assertThat(adding.status()).isEqualTo(403);
    assertThat(adding.contentType()).startsWith("application/problem+json");
    assertThat(memberIds(owner)).doesNotContain(someoneElse.userId().toString());
  }

  @Test
  void anAdminCannotMakeAnyoneOwner() {
    Session owner = api.signUp();
    Session admin = api.signUp();
    Session member = api.signUp();
    Session newcomer = api.signUp();
    addMember(owner, admin, "admin");
    addMember(owner, member, "member");

    Response addOwner =
        api.post(
            owner.ws() + "/members",
            admin.token(),
            Map.of("email", newcomer.email(), "role", "owner"));
    Response promote =
        api.patch(
            owner.ws() + "/members/" + member.userId(), admin.token(), Map.of("role", "owner"));
    Response promoteSelf =
        api.patch(
            owner.ws() + "/members/" + admin.userId(), admin.token(), Map.of("role", "owner"));

    for (Response r : List.of(addOwner, promote, promoteSelf)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(403);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(roleOf(owner, member)).isEqualTo("member");
    assertThat(roleOf(owner, admin)).isEqualTo("admin");
    assertThat(memberIds(owner)).doesNotContain(newcomer.userId().toString());
  }

  @Test
  void theLastOwnerCanNeitherLeaveNorStepDown() {
    Session owner = api.signUp();

    Response leave = api.delete(owner.ws() + "/members/" + owner.userId(), owner.token());
    Response stepDown =
        api.patch(
            owner.ws() + "/members/" + owner.userId(), owner.token(), Map.of("role", "admin"));

    for (Response r : List.of(leave, stepDown)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(409);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(roleOf(owner, owner)).isEqualTo("owner");
  }

  // --- the calls ---------------------------------------------------------------------------

  /** Every workspace-scoped call of the contract, aimed at the owner's workspace and objects. */
  private static List<Call> everyWorkspaceCall(Session owner, WorkspaceIds ids, Session caller) {
    String ws = owner.ws();
    String member = ws + "/members/" + owner.userId();
    String agent = ws + "/agents/" + ids.agentId();
    String pipeline = ws + "/pipelines/" + ids.pipelineId();
    return List.of(
        Call.get(ws),
        Call.get(ws + "/members"),
        Call.post(ws + "/members", Map.of("email", caller.email(), "role", "owner")),
        Call.patch(member, Map.of("role", "viewer")),
        Call.delete(member),
        Call.get(ws + "/agents"),
        Call.post(ws + "/agents", newAgent()),
        Call.get(agent),
        Call.patch(agent, Map.of("name", "Hijacked")),
        Call.delete(agent),
        Call.get(ws + "/pipelines"),
        Call.post(ws + "/pipelines", newPipeline()),
        Call.post(ws + "/pipelines/validate", Map.of("graph_definition", TINY_GRAPH)),
        Call.get(pipeline),
        Call.patch(pipeline, Map.of("name", "Hijacked", "graph_definition", TINY_GRAPH)),
        Call.delete(pipeline),
        Call.get(pipeline + "/versions"),
        Call.get(pipeline + "/versions/1"));
  }

  private static Map<String, Object> newAgent() {
    return Map.of(
        "slug", "intruder_" + shortId(),
        "name", "Intruder",
        "model_provider", "simulated",
        "model", "simulated",
        "parameters", Map.of("temperature", 0.5));
  }

  private static Map<String, Object> newPipeline() {
    return Map.of(
        "slug", "intruder_" + shortId(), "name", "Intruder", "graph_definition", TINY_GRAPH);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** One HTTP call, sent with whichever token the test picks. */
  private record Call(String method, String path, Object body) {
    static Call get(String path) {
      return new Call("GET", path, null);
    }

    static Call post(String path, Object body) {
      return new Call("POST", path, body);
    }

    static Call patch(String path, Object body) {
      return new Call("PATCH", path, body);
    }

    static Call delete(String path) {
      return new Call("DELETE", path, null);
    }

    Response send(Api api, String token) {
      return switch (method) {
        case "GET" -> api.get(path, token);
        case "POST" -> api.post(path, token, body);
        case "PATCH" -> api.patch(path, token, body);
        case "DELETE" -> api.delete(path, token);
        default -> throw new IllegalArgumentException(method);
      };
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  // --- fixtures and reads ------------------------------------------------------------------

  private record WorkspaceIds(String agentId, String pipelineId) {}

  /** Everything of a workspace an outsider could try to change, read by its owner. */
  private record Snapshot(
      JsonNode workspace,
      JsonNode members,
      JsonNode agents,
      JsonNode agent,
      JsonNode pipelines,
      JsonNode pipeline,
      JsonNode versions) {}

  private WorkspaceIds idsOf(Session owner) {
    Response agents = api.get(owner.ws() + "/agents", owner.token());
    Response pipelines = api.get(owner.ws() + "/pipelines", owner.token());
    assertThat(agents.status()).isEqualTo(200);
    assertThat(pipelines.status()).isEqualTo(200);
    assertThat(agents.body().findValuesAsString("slug"))
        .contains("optimist", "critic", "blog", "realist", "coo");
    assertThat(pipelines.body().findValuesAsString("slug"))
        .contains("grant_factory", "auto_healing", "document_verify", "osmu_marketing");
    return new WorkspaceIds(
        agents.body().get(0).get("id").asString(), pipelines.body().get(0).get("id").asString());
  }

  private Snapshot snapshot(Session owner, WorkspaceIds ids) {
    String ws = owner.ws();
    String pipeline = ws + "/pipelines/" + ids.pipelineId();
    return new Snapshot(
        ok(api.get(ws, owner.token())),
        ok(api.get(ws + "/members", owner.token())),
        ok(api.get(ws + "/agents", owner.token())),
        ok(api.get(ws + "/agents/" + ids.agentId(), owner.token())),
        ok(api.get(ws + "/pipelines", owner.token())),
        ok(api.get(pipeline, owner.token())),
        ok(api.get(pipeline + "/versions", owner.token())));
  }

  private static JsonNode ok(Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  private void addMember(Session owner, Session user, String role) {
    Response r =
        api.post(
            owner.ws() + "/members", owner.token(), Map.of("email", user.email(), "role", role));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.body().get("role").asString()).isEqualTo(role);
  }

  private List<String> memberIds(Session owner) {
    return new ArrayList<>(
        ok(api.get(owner.ws() + "/members", owner.token())).findValuesAsString("user_id"));
  }

  private String roleOf(Session owner, Session user) {
    for (JsonNode m : ok(api.get(owner.ws() + "/members", owner.token()))) {
      if (m.get("user_id").asString().equals(user.userId().toString())) {
        return m.get("role").asString();
      }
    }
    return null;
  }
}
