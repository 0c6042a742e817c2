package dev.orchestrate.cli.live;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test fixture: an execution's view and its events as the server writes them. */
final class Events {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ID = "4e5b7f97-e993-4a0b-b553-d481f19f9e1b";

  private final List<String> lines = new ArrayList<>();
  private long seq;

  /** grant_factory's nodes, all pending, as {@code GET /orchestrate/executions/{id}} lists them. */
  static JsonNode grantFactory() {
    return JSON.readTree(
        """
        {"id": "%s", "status": "queued", "steps": [
          {"node_id": "validate_input", "label": "입력 검증", "status": "pending"},
          {"node_id": "crawl_announcements", "label": "공고 수집", "status": "pending"},
          {"node_id": "analyze_eligibility", "label": "적합성 분석", "status": "pending"},
          {"node_id": "generate_documents", "label": "서류 생성", "status": "pending"},
          {"node_id": "review_documents", "label": "서류 검토", "status": "pending"},
          {"node_id": "finalize", "label": "최종 결과 저장", "status": "pending"}]}
        """
            .formatted(ID));
  }

  Events add(String type, String fields) {
    seq++;
    lines.add(
        "{\"type\":\"%s\",\"execution_id\":\"%s\",\"seq\":%d,\"ts\":\"2026-11-24T10:00:00Z\"%s}"
            .formatted(type, ID, seq, fields.isEmpty() ? "" : "," + fields));
    return this;
  }

  Events start() {
    return add("execution_start", "\"pipeline_id\":\"p\",\"pipeline_version\":1");
  }

  Events step(String node, String label, long millis, String cost) {
    add("step_start", "\"node_id\":\"%s\",\"label\":\"%s\",\"attempt\":1".formatted(node, label));
    return add(
        "step_complete",
        "\"node_id\":\"%s\",\"label\":\"%s\",\"duration_ms\":%d,\"cost\":%s,\"input_tokens\":0,\"output_tokens\":0"
            .formatted(node, label, millis, cost));
  }

  Events stream(String node, String agent, String chunk) {
    return add(
        "agent_streaming",
        "\"node_id\":\"%s\",\"agent_slug\":\"%s\",\"chunk\":%s"
            .formatted(node, agent, JSON.writeValueAsString(chunk)));
  }

  Events end(String status, String cost, long millis) {
    return add(
        "execution_complete",
        "\"status\":\"%s\",\"total_cost\":%s,\"duration_ms\":%d".formatted(status, cost, millis));
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
