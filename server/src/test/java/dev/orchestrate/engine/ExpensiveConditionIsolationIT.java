package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * One member's condition must not stall the service for everyone: seven nested comprehensions, 240
 * characters, used to burn 37 s of CPU per evaluation and pushed another workspace's list requests
 * past 30 s.
 */
class ExpensiveConditionIsolationIT extends ServiceTest {

  private static final int SAMPLES = 20;

  /** {@code [0..9].all(a, [0..9].all(b, … a+b+c+d+e+f+g >= 0))}: 10^7 evaluations of the sum. */
  static final String EXPENSIVE_CONDITION = nested("abcdefg");

  @Autowired private Tenancy tenancy;

  @Test
  void theExpensiveConditionIsRefusedWhenSaved() {
    Executions member = new Executions(api, api.signUp(), tenancy, jdbc);

    var refused =
        api.post(
            member.user().ws() + "/pipelines",
            member.user().token(),
            Map.of(
                "slug",
                "heavy",
                "name",
                "Heavy",
                "graph_definition",
                Api.json().readTree(graph(EXPENSIVE_CONDITION))));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().get("errors").findValuesAsString("path"))
        .contains("edges[1].condition");
  }

  @Test
  void runsOfAnExpensiveConditionDoNotSlowAnotherWorkspace() {
    Executions attacker = new Executions(api, api.signUp(), tenancy, jdbc);
    Api.Session bystander = api.signUp();
    String list = bystander.ws() + "/agents";
    List<Long> before = timings(list, bystander.token());

    // Saved through the API the condition is refused (above); a version an older release
    // accepted is still in the database and may be started, so the runner must bound it too.
    String pipelineId = attacker.pipeline(graph("input.n >= 0"));
    storeVersion2(attacker, pipelineId, graph(EXPENSIVE_CONDITION));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(startVersion2(attacker, pipelineId).toString());
    }
    List<Long> during = timings(list, bystander.token());
    List<JsonNode> ended = runs.stream().map(id -> attacker.awaitStatus(id, "failed")).toList();

    assertThat(median(during))
        .as("bystander's list latency (ms) during %s, before %s", during, before)
        .isLessThan(median(before) + 100);
    for (JsonNode run : ended) {
      assertThat(run.get("error").get("message").asString()).contains("condition");
    }
  }

  @Test
  void runsOfACostlyConditionThatSavesStopAtTheirDeadlineWithoutSlowingAnotherWorkspace() {
    Executions member = new Executions(api, api.signUp(), tenancy, jdbc);
    Api.Session bystander = api.signUp();
    String list = bystander.ws() + "/agents";
    // Within every save-time limit, but 9,999 regex matches over 200,000 characters at run time.
    String pipelineId = member.pipeline(graph("input.items.all(i, !input.text.matches('a*b'))"));
    Map<String, Object> input =
        Map.of("items", IntStream.range(0, 9_999).boxed().toList(), "text", "a".repeat(200_000));
    List<Long> before = timings(list, bystander.token());

    List<String> runs = List.of(member.start(pipelineId, input), member.start(pipelineId, input));
    List<Long> during = timings(list, bystander.token());
    List<JsonNode> ended = runs.stream().map(id -> member.awaitStatus(id, "failed")).toList();

    assertThat(median(during))
        .as("bystander's list latency (ms) during %s, before %s", during, before)
        .isLessThan(median(before) + 100);
    for (JsonNode run : ended) {
      assertThat(run.get("error").get("code").asString()).isEqualTo("validation_failed");
      assertThat(run.get("error").get("message").asString())
          .contains("check \u2192 done", "could not be decided", "50 ms");
    }
  }

  private List<Long> timings(String path, String token) {
    List<Long> timings = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      long start = System.nanoTime();
      var response = api.get(path, token);
      timings.add((System.nanoTime() - start) / 1_000_000);
      assertThat(response.status()).isEqualTo(200);
    }
    return timings;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private void storeVersion2(Executions owner, String pipelineId, String graph) {
    tenancy.inSystemTransaction(
        "test stores a version an older release accepted",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO pipeline_versions (pipeline_id, version, workspace_id, graph_definition)
                    VALUES (?, 2, ?, ?::jsonb)
                    """)
                .params(UUID.fromString(pipelineId), owner.user().workspaceId(), graph)
                .update());
  }

  private UUID startVersion2(Executions owner, String pipelineId) {
    return tenancy.inSystemTransaction(
        "test starts the old version",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO pipeline_executions (workspace_id, pipeline_id, pipeline_version,
                                                     status, input, started_by)
                    VALUES (?, ?, 2, 'queued', '{"n": 1}', ?) RETURNING id
                    """)
                .params(
                    owner.user().workspaceId(), UUID.fromString(pipelineId), owner.user().userId())
                .query(UUID.class)
                .single());
  }

  private static String graph(String condition) {
    return """
        {"entry_point": "start", "nodes": [
           {"id": "start", "type": "trigger", "label": "Start"},
           {"id": "check", "type": "validation", "label": "Check"},
           {"id": "done", "type": "finalize", "label": "Done"}],
         "edges": [{"from": "start", "to": "check"},
                   {"from": "check", "to": "done", "condition": %s}]}
        """
        .formatted(Api.json().writeValueAsString(condition));
  }

  private static String nested(String variables) {
    String digits =
        IntStream.range(0, 10).mapToObj(Integer::toString).collect(Collectors.joining(","));
    String sum =
        variables.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining("+"));
    String expression = sum + " >= 0";
    for (int i = variables.length() - 1; i >= 0; i--) {
      expression = "[" + digits + "].all(" + variables.charAt(i) + ", " + expression + ")";
    }
    return expression;
  }
}
