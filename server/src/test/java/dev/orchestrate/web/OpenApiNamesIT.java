package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description names the fields the API accepts: snake_case, as the service's JSON
 * mapper reads and writes them, so a client generated from it works.
 */
class OpenApiNamesIT extends ServiceTest {

  private static final Pattern CAMEL_CASE = Pattern.compile(".*[a-z0-9][A-Z].*");

  @Test
  void requestBodiesAreDescribedWithTheSnakeCaseNamesTheApiAccepts() {
    JsonNode schemas = docs().path("components").path("schemas");

    assertThat(schemas.path("StartRequest").path("properties").propertyNames())
        .contains("pipeline_id", "idempotency_key", "input")
        .doesNotContain("pipelineId", "idempotencyKey");
    assertThat(schemas.path("AgentInput").path("properties").propertyNames())
        .contains("model_provider", "system_prompt", "cost_per_run");
    assertThat(schemas.path("PipelineInput").path("properties").propertyNames())
        .contains("graph_definition");
  }

  @Test
  void noSchemaOfTheDescriptionHasACamelCaseProperty() {
    // Also catches a JSON tree described as the Java bean it is (JsonNode.integralNumber …).
    List<String> camel = new ArrayList<>();
    for (Map.Entry<String, JsonNode> schema :
        docs().path("components").path("schemas").properties()) {
      for (String property : schema.getValue().path("properties").propertyNames()) {
        if (CAMEL_CASE.matcher(property).matches()) {
          camel.add(schema.getKey() + "." + property);
        }
      }
    }
    assertThat(camel).isEmpty();
  }

  @Test
  void aBodyWrittenWithTheDescribedNamesIsAccepted() {
    var session = api.signUp();
    JsonNode start = docs().path("components").path("schemas").path("StartRequest");
    String pipelineId =
        api.get(session.ws() + "/pipelines", session.token()).body().get(0).get("id").asString();
    // Only names the description gives, so a generated client's body.
    var body = new LinkedHashMap<String, Object>();
    for (String name : start.path("properties").propertyNames()) {
      switch (name) {
        case "pipeline_id" -> body.put(name, pipelineId);
        case "input" -> body.put(name, Map.of());
        default -> {}
      }
    }
    var r = api.post("/orchestrate/pipeline/start", session.token(), body);
    assertThat(r.status()).as(r.toString()).isIn(200, 202);
  }

  private JsonNode docs() {
    var r = api.get("/api/docs", null);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }
}
