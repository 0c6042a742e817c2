package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.ServiceTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Any saved version of a pipeline can be run ({@code pipeline_version} on start). */
class VersionRunsIT extends ServiceTest {

  private static final JsonMapper SINGLE_QUOTED =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  @Autowired private Tenancy tenancy;

  private Executions executions;
  private String pipelineId;

  private static String graph(String nodeId, String output) {
    return """
        {'entry_point': 'start',
         'nodes': [{'id': 'start', 'type': 'trigger', 'label': 'Start'},
                   {'id': '%s', 'type': 'finalize', 'label': 'End', 'output': '%s'}],
         'edges': [{'from': 'start', 'to': '%s'}]}
        """
        .formatted(nodeId, output, nodeId);
  }

  @BeforeEach
  void twoVersions() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
    pipelineId = executions.pipeline(graph("old_end", "first"));
    var patched =
        api.patch(
            executions.user().ws() + "/pipelines/" + pipelineId,
            executions.user().token(),
            Map.of("graph_definition", SINGLE_QUOTED.readTree(graph("new_end", "second"))));
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    assertThat(patched.body().get("version").asInt()).isEqualTo(2);
  }

  @Test
  void anOlderVersionRunsThatVersionsGraph() {
    String id = start(Map.of("pipeline_id", pipelineId, "input", Map.of(), "pipeline_version", 1));

    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(done.get("pipeline_version").asInt()).isEqualTo(1);
    assertThat(done.get("output").asString()).isEqualTo("first");
    assertThat(done.get("steps").findValuesAsString("node_id")).contains("old_end");
  }

  @Test
  void withoutAVersionTheLatestRuns() {
    String id = start(Map.of("pipeline_id", pipelineId, "input", Map.of()));

    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(done.get("pipeline_version").asInt()).isEqualTo(2);
    assertThat(done.get("output").asString()).isEqualTo("second");
  }

  @Test
  void anUnknownVersionIsInvalidAndSaysWhichExist() {
    var r =
        api.post(
            "/orchestrate/pipeline/start",
            executions.user().token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of(), "pipeline_version", 7));

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .containsExactly("pipeline_version");
    assertThat(r.raw()).contains("1 to 2");
  }

  @Test
  void theSameIdempotencyKeyForAnotherVersionIsAConflict() {
    var body = Map.of("pipeline_id", pipelineId, "input", Map.of(), "idempotency_key", "k1");
    start(body);

    var other =
        api.post(
            "/orchestrate/pipeline/start",
            executions.user().token(),
            Map.of(
                "pipeline_id",
                pipelineId,
                "input",
                Map.of(),
                "idempotency_key",
                "k1",
                "pipeline_version",
                1));

    assertThat(other.status()).as(other.raw()).isEqualTo(409);
  }

  @Test
  void versionsSayWhoSavedThemInWordsAPersonReads() {
    var versions =
        api.get(
            executions.user().ws() + "/pipelines/" + pipelineId + "/versions",
            executions.user().token());

    assertThat(versions.status()).as(versions.raw()).isEqualTo(200);
    assertThat(versions.body().findValuesAsString("version")).containsExactly("2", "1");
    assertThat(versions.body().findValuesAsString("created_by_email"))
        .containsOnly(executions.user().email());
  }

  private String start(Map<String, ?> body) {
    var r = api.post("/orchestrate/pipeline/start", executions.user().token(), body);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    return r.body().get("execution_id").asString();
  }
}
