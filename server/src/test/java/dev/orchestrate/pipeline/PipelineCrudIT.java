package dev.orchestrate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineCrudIT extends ServiceTest {

  private static JsonNode graph(String json) {
    return Api.json().readTree(json.replace('\'', '"'));
  }

  private static final String LINEAR =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': '시작'},
         {'id': 'think', 'type': 'agent_call', 'label': '분석', 'agent_slug': 'critic'},
         {'id': 'done', 'type': 'finalize', 'label': '끝'}],
       'edges': [{'from': 'start', 'to': 'think'}, {'from': 'think', 'to': 'done'}]}
      """;

  @Test
  void aNewWorkspaceHasTheFourDemoPipelinesAndEachIsValid() {
    var user = api.signUp();
    var list = api.get(user.ws() + "/pipelines", user.token());

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().findValuesAsString("slug"))
        .containsExactlyInAnyOrder(
            "grant_factory", "auto_healing", "document_verify", "osmu_marketing");
    for (JsonNode pipeline : list.body()) {
      assertThat(pipeline.get("version").asInt()).isEqualTo(1);
      var valid =
          api.post(
              user.ws() + "/pipelines/validate",
              user.token(),
              Map.of("graph_definition", pipeline.get("graph_definition")));
      assertThat(valid.status())
          .as(pipeline.get("slug").asString() + ": " + valid.raw())
          .isEqualTo(200);
      assertThat(valid.body().get("valid").asBoolean()).isTrue();
    }
  }

  @Test
  void grantFactoryIsTheFlowOfTheOriginalSpecification() {
    var user = api.signUp();
    JsonNode grantFactory = pipeline(user, "grant_factory").get("graph_definition");

    assertThat(grantFactory.get("entry_point").asString()).isEqualTo("validate_input");
    assertThat(grantFactory.get("nodes").findValuesAsString("id"))
        .containsExactly(
            "validate_input",
            "crawl_announcements",
            "analyze_eligibility",
            "generate_documents",
            "review_documents",
            "finalize");
    assertThat(
            grantFactory
                .get("nodes")
                .get(2)
                .get("agent_slugs")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactly("optimist", "critic");
    assertThat(grantFactory.get("nodes").get(1).get("mcp").asString()).isEqualTo("firecrawl");
  }

  @Test
  void autoHealingWaitsForAPersonBeforeItRecovers() {
    var user = api.signUp();
    JsonNode autoHealing = pipeline(user, "auto_healing").get("graph_definition");

    assertThat(autoHealing.get("nodes").findValuesAsString("id"))
        .containsSubsequence(
            "detect_issue",
            "diagnose",
            "plan_recovery",
            "review_plan",
            "await_approval",
            "execute_recovery",
            "verify_recovery",
            "notify");
    JsonNode gate =
        autoHealing
            .get("nodes")
            .valueStream()
            .filter(n -> n.get("id").asString().equals("await_approval"))
            .findFirst()
            .orElseThrow();
    assertThat(gate.get("type").asString()).isEqualTo("human_gate");
  }

  @Test
  void createsAPipelineAndEveryGraphEditMakesANewVersion() {
    var user = api.signUp();
    var created =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of("slug", "review", "name", "Review", "graph_definition", graph(LINEAR)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("version").asInt()).isEqualTo(1);
    String path = user.ws() + "/pipelines/" + created.body().get("id").asString();

    var renamed = api.patch(path, user.token(), Map.of("name", "Review v1"));
    assertThat(renamed.body().get("version").asInt())
        .as("a rename keeps the graph's version")
        .isEqualTo(1);

    var edited =
        api.patch(
            path,
            user.token(),
            Map.of("graph_definition", graph(LINEAR.replace("'critic'", "'realist'"))));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.body().get("version").asInt()).isEqualTo(2);
    assertThat(edited.body().get("name").asString()).isEqualTo("Review v1");

    var versions = api.get(path + "/versions", user.token());
    assertThat(versions.body().findValuesAsString("version")).containsExactly("2", "1");
    var first = api.get(path + "/versions/1", user.token());
    assertThat(first.body().get("graph_definition")).isEqualTo(graph(LINEAR));
    assertThat(api.get(path + "/versions/3", user.token()).status()).isEqualTo(404);
  }

  @Test
  void anInvalidGraphIsNotSavedAndEveryProblemIsListed() {
    var user = api.signUp();
    String broken =
        """
        {'entry_point': 'nowhere', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': '시작'},
           {'id': 'think', 'type': 'agent_call', 'label': '분석', 'agent_slug': 'ghost'},
           {'id': 'Bad Id', 'type': 'teleport', 'label': 'x'}],
         'edges': [{'from': 'start', 'to': 'think', 'condition': 'input.x >'}, {'from': 'think', 'to': 'missing'}]}
        """;
    var r =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of("slug", "broken", "name", "Broken", "graph_definition", graph(broken)));

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .contains(
            "entry_point",
            "nodes[1].agent_slug",
            "nodes[2].id",
            "nodes[2].type",
            "edges[0].condition",
            "edges[1].to");
    assertThat(api.get(user.ws() + "/pipelines", user.token()).body().findValuesAsString("slug"))
        .doesNotContain("broken");
  }

  @Test
  void aPatchWithAnInvalidGraphKeepsTheCurrentVersion() {
    var user = api.signUp();
    JsonNode grantFactory = pipeline(user, "grant_factory");
    String path = user.ws() + "/pipelines/" + grantFactory.get("id").asString();

    var r =
        api.patch(
            path,
            user.token(),
            Map.of("graph_definition", graph("{'entry_point': 'x', 'nodes': []}")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(api.get(path, user.token()).body().get("version").asInt()).isEqualTo(1);
  }

  @Test
  void validateAnswersEveryProblemWithoutSaving() {
    var user = api.signUp();
    var r =
        api.post(
            user.ws() + "/pipelines/validate",
            user.token(),
            Map.of("graph_definition", graph("{'nodes': []}")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path")).contains("entry_point", "nodes");
  }

  @Test
  void deletingAPipelineHidesItAndFreesItsSlug() {
    var user = api.signUp();
    JsonNode autoHealing = pipeline(user, "auto_healing");
    String path = user.ws() + "/pipelines/" + autoHealing.get("id").asString();

    assertThat(api.delete(path, user.token()).status()).isEqualTo(204);
    assertThat(api.get(path, user.token()).status()).isEqualTo(404);
    var again =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of("slug", "auto_healing", "name", "Again", "graph_definition", graph(LINEAR)));
    assertThat(again.status()).isEqualTo(201);
  }

  @Test
  void aDuplicateSlugIsAConflict() {
    var user = api.signUp();
    var r =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of("slug", "grant_factory", "name", "Dup", "graph_definition", graph(LINEAR)));
    assertThat(r.status()).isEqualTo(409);
  }

  private JsonNode pipeline(Api.Session user, String slug) {
    return api.get(user.ws() + "/pipelines", user.token())
        .body()
        .valueStream()
        .filter(p -> p.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow();
  }
}
