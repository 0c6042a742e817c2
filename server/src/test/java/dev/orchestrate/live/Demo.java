package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import java.util.Map;

/** Test fixture: one user's demo pipelines, started and decided through the API. */
final class Demo {

  static final Map<String, Object> GRANT_FACTORY_INPUT = Map.of("query", "정부조달 공고 검색: AI 솔루션");
  static final Map<String, Object> AUTO_HEALING_INPUT =
      Map.of("alert", "OpenAI API 키 만료 알림", "service", "billing-api", "severity", "high");

  private final Api api;
  private final Api.Session user;

  Demo(Api api, Api.Session user) {
    this.api = api;
    this.user = user;
  }

  /** grant_factory: runs to the end by itself in a few seconds. */
  String startGrantFactory() {
    return start(pipelineId("grant_factory"), GRANT_FACTORY_INPUT);
  }

  /** auto_healing: waits at its gate {@code await_approval} until someone decides. */
  String startAutoHealing() {
    return start(pipelineId("auto_healing"), AUTO_HEALING_INPUT);
  }

  String start(String pipelineId, Map<String, ?> input) {
    var started =
        api.post(
            "/orchestrate/pipeline/start",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", input));
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    return started.body().get("execution_id").asString();
  }

  void approve(String executionId, String nodeId) {
    var approved =
        api.post(
            "/orchestrate/executions/" + executionId + "/approve",
            user.token(),
            Map.of("node_id", nodeId));
    assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
  }

  String status(String executionId) {
    var execution = api.get("/orchestrate/executions/" + executionId, user.token());
    assertThat(execution.status()).as(execution.raw()).isEqualTo(200);
    return execution.body().path("status").asString("");
  }

  String pipelineId(String slug) {
    return api.get(user.ws() + "/pipelines", user.token())
        .body()
        .valueStream()
        .filter(p -> p.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no demo pipeline " + slug))
        .get("id")
        .asString();
  }

  /** The execution socket's path with the token in the query and replay after {@code after}. */
  static String executionSocket(String executionId, String token, long after) {
    return "/ws/execution/" + executionId + "?token=" + token + "&after=" + after;
  }

  static String executionSocket(String executionId, String token) {
    return "/ws/execution/" + executionId + "?token=" + token;
  }

  static String workspaceSocket(Object workspaceId, String token) {
    return "/ws/workspace/" + workspaceId + "?token=" + token;
  }

  static String eventStream(String executionId) {
    return "/orchestrate/executions/" + executionId + "/events";
  }
}
