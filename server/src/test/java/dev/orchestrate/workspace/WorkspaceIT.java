package dev.orchestrate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkspaceIT extends ServiceTest {

  @Test
  void createsAWorkspaceOwnedByTheCallerWithItsOwnDemoContent() {
    var user = api.signUp();
    String slug = "team-" + UUID.randomUUID().toString().substring(0, 8);
    var created = api.post("/api/workspaces", user.token(), Map.of("name", "마케팅 팀", "slug", slug));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("role").asString()).isEqualTo("owner");
    assertThat(created.body().get("slug").asString()).isEqualTo(slug);
    String ws = "/api/workspaces/" + created.body().get("id").asString();
    assertThat(api.get(ws + "/agents", user.token()).body()).hasSize(5);
    assertThat(api.get("/api/workspaces", user.token()).body()).hasSize(2);
    assertThat(api.get(ws, user.token()).body().get("name").asString()).isEqualTo("마케팅 팀");
  }

  @Test
  void aWorkspaceWithoutASlugGetsOneFromItsName() {
    var user = api.signUp();
    var created = api.post("/api/workspaces", user.token(), Map.of("name", "Growth Team"));
    assertThat(created.body().get("slug").asString()).startsWith("growth-team");
    var korean = api.post("/api/workspaces", user.token(), Map.of("name", "성장팀"));
    assertThat(korean.body().get("slug").asString()).startsWith("workspace");
  }

  @Test
  void aTakenSlugIsAConflictAndABadSlugIsInvalid() {
    var user = api.signUp();
    String slug = "taken-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/workspaces", user.token(), Map.of("name", "A", "slug", slug)).status())
        .isEqualTo(201);
    assertThat(
            api.post("/api/workspaces", user.token(), Map.of("name", "B", "slug", slug)).status())
        .isEqualTo(409);
    assertThat(
            api.post("/api/workspaces", user.token(), Map.of("name", "C", "slug", "Not OK"))
                .status())
        .isEqualTo(422);
  }

  @Test
  void anOwnerAddsMembersWhoThenSeeTheWorkspace() {
    var owner = api.signUp();
    var colleague = api.signUp();

    var added =
        api.post(
            owner.ws() + "/members",
            owner.token(),
            Map.of("email", colleague.email(), "role", "member"));
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.body().get("role").asString()).isEqualTo("member");
    assertThat(added.body().get("email").asString()).isEqualTo(colleague.email());

    var me = api.get("/api/me", colleague.token());
    assertThat(me.body().get("workspaces").findValuesAsString("id"))
        .contains(owner.workspaceId().toString());
    assertThat(api.get(owner.ws() + "/agents", colleague.token()).status()).isEqualTo(200);
    assertThat(api.get(owner.ws() + "/members", colleague.token()).body()).hasSize(2);
  }

  @Test
  void addingAnUnknownEmailOrAnExistingMemberIsRefused() {
    var owner = api.signUp();
    var colleague = api.signUp();
    var unknown =
        api.post(
            owner.ws() + "/members",
            owner.token(),
            Map.of("email", "ghost-" + UUID.randomUUID() + "@example.com", "role", "member"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().get("errors").get(0).get("path").asString()).isEqualTo("email");

    api.post(
        owner.ws() + "/members",
        owner.token(),
        Map.of("email", colleague.email(), "role", "viewer"));
    assertThat(
            api.post(
                    owner.ws() + "/members",
                    owner.token(),
                    Map.of("email", colleague.email(), "role", "admin"))
                .status())
        .isEqualTo(409);
    assertThat(
            api.post(
                    owner.ws() + "/members",
                    owner.token(),
                    Map.of("email", colleague.email(), "role", "emperor"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void rolesChangeAndMembersLeave() {
    var owner = api.signUp();
    var colleague = api.signUp();
    api.post(
        owner.ws() + "/members",
        owner.token(),
        Map.of("email", colleague.email(), "role", "viewer"));
    String member = owner.ws() + "/members/" + colleague.userId();

    assertThat(
            api.post(
                    owner.ws() + "/agents",
                    colleague.token(),
                    Map.of("slug", "x", "name", "x", "model_provider", "simulated"))
                .status())
        .isEqualTo(403);
    assertThat(
            api.patch(member, owner.token(), Map.of("role", "member"))
                .body()
                .get("role")
                .asString())
        .isEqualTo("member");
    assertThat(
            api.post(
                    owner.ws() + "/agents",
                    colleague.token(),
                    Map.of("slug", "x", "name", "x", "model_provider", "simulated"))
                .status())
        .isEqualTo(201);

    assertThat(api.delete(member, owner.token()).status()).isEqualTo(204);
    assertThat(api.get(owner.ws() + "/agents", colleague.token()).status()).isEqualTo(404);
  }

  @Test
  void theLastOwnerCannotLeaveOrBeDemoted() {
    var owner = api.signUp();
    String self = owner.ws() + "/members/" + owner.userId();
    assertThat(api.patch(self, owner.token(), Map.of("role", "admin")).status()).isEqualTo(409);
    assertThat(api.delete(self, owner.token()).status()).isEqualTo(409);
  }
}
