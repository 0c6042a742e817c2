package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo pipelines run end to end on a fresh install, with simulated agents and tools. */
class DemoPipelinesIT extends ServiceTest {

  @Test
  void grantFactoryRunsEndToEnd() {
    var user = api.signUp();
    String pipelineId = api.pipelineId(user, "grant_factory");

    var started =
        api.post(
            "/orchestrate/pipeline/start",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of("query", "정부조달 공고 검색: AI 솔루션")));
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    String id = started.body().get("execution_id").asString();
    assertThat(started.body().get("ws_url").asString()).endsWith("/ws/execution/" + id);

    JsonNode done = awaitStatus(user, id, "completed");
    assertThat(done.get("steps").findValuesAsString("status")).containsOnly("completed");
    assertThat(done.get("steps").findValuesAsString("node_id"))
        .containsExactly(
            "validate_input",
            "crawl_announcements",
            "analyze_eligibility",
            "generate_documents",
            "review_documents",
            "finalize");
    JsonNode analysis = done.get("steps").get(2).get("output");
    assertThat(analysis.has("optimist")).isTrue();
    assertThat(analysis.has("critic")).isTrue();
    assertThat(done.get("output")).isNotNull();
    JsonNode crawled = done.get("steps").get(1).get("output");
    assertThat(crawled.get("simulated").asBoolean()).isTrue();
    assertThat(crawled.at("/structuredContent/data/web/0/markdown").asString()).contains("공고번호");
  }

  @Test
  void documentVerifyReadsTheDriveFileAndPassesItsTextToOcr() {
    var user = api.signUp();
    var started =
        api.post(
            "/orchestrate/pipeline/start",
            user.token(),
            Map.of(
                "pipeline_id",
                api.pipelineId(user, "document_verify"),
                "input",
                Map.of("file_id", "demo-business-registration", "document_type", "사업자등록증")));
    assertThat(started.status()).as(started.raw()).isEqualTo(202);

    JsonNode done = awaitStatus(user, started.body().get("execution_id").asString(), "completed");
    JsonNode ocr =
        done.get("steps")
            .valueStream()
            .filter(step -> step.get("node_id").asString().equals("extract_text"))
            .findFirst()
            .orElseThrow()
            .get("output");
    assertThat(ocr.at("/content/0/text").asString())
        .startsWith("사 업 자 등 록 증")
        .contains("214-88-52731")
        .doesNotContain("MIME type");
  }

  @Test
  void autoHealingWaitsAtItsGateUntilApproved() {
    var user = api.signUp();
    String id =
        api.post(
                "/orchestrate/pipeline/start",
                user.token(),
                Map.of(
                    "pipeline_id",
                    api.pipelineId(user, "auto_healing"),
                    "input",
                    Map.of(
                        "alert",
                        "OpenAI API 키 만료 알림",
                        "service",
                        "billing-api",
                        "severity",
                        "high")))
            .body()
            .get("execution_id")
            .asString();

    JsonNode waiting = awaitStatus(user, id, "awaiting_approval");
    assertThat(waiting.get("pending_approvals").get(0).get("node_id").asString())
        .isEqualTo("await_approval");
    assertThat(waiting.get("pending_approvals").get(0).get("message").asString()).contains("승인");

    var approved =
        api.post(
            "/orchestrate/executions/" + id + "/approve",
            user.token(),
            Map.of("node_id", "await_approval", "comment", "진행하세요"));
    assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
    JsonNode done = awaitStatus(user, id, "completed");
    assertThat(done.get("steps").findValuesAsString("status")).containsOnly("completed");

    var again =
        api.post(
            "/orchestrate/executions/" + id + "/approve",
            user.token(),
            Map.of("node_id", "await_approval"));
    assertThat(again.status()).isEqualTo(409);
  }

  private JsonNode awaitStatus(Api.Session user, String id, String status) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> api.get("/orchestrate/executions/" + id, user.token()).body(),
            e -> {
              String now = e.path("status").asString("");
              if (!now.equals(status)
                  && (now.equals("failed") || now.equals("rejected") || now.equals("cancelled"))) {
                throw new AssertionError("execution ended " + now + ": " + e);
              }
              return now.equals(status);
            });
  }
}
