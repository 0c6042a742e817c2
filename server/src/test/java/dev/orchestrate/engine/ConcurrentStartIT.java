package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Starts that race with one idempotency key all answer the one execution, none a 500. */
class ConcurrentStartIT extends ServiceTest {

  private static final int STARTS = 10;

  @Autowired private Tenancy tenancy;

  private Executions executions;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
  }

  @ParameterizedTest(name = "key in the {0}")
  @ValueSource(strings = {"body", "header"})
  void concurrentStartsWithOneKeyAllAnswerTheSameExecution(String where) throws Exception {
    String pipelineId =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ok', 'type': 'human_gate', 'label': 'OK?', 'approvers': ['owner']},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'ok'}, {'from': 'ok', 'to': 'done'}]}
            """);
    String key = "race-" + UUID.randomUUID();
    Map<String, Object> body =
        where.equals("body")
            ? Map.of("pipeline_id", pipelineId, "input", Map.of("n", 1), "idempotency_key", key)
            : Map.of("pipeline_id", pipelineId, "input", Map.of("n", 1));
    var ready = new CountDownLatch(STARTS);
    List<Future<Api.Response>> answers = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < STARTS; i++) {
        Callable<Api.Response> start =
            () -> {
              ready.countDown();
              ready.await();
              return where.equals("body")
                  ? api.post("/orchestrate/pipeline/start", executions.user().token(), body)
                  : api.postWithHeaders(
                      "/orchestrate/pipeline/start",
                      executions.user().token(),
                      body,
                      Map.of("Idempotency-Key", key));
            };
        answers.add(pool.submit(start));
      }
    }

    List<Integer> statuses = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (var answer : answers) {
      Api.Response response = answer.get();
      statuses.add(response.status());
      ids.add(response.body().path("execution_id").asString(response.raw()));
    }
    assertThat(statuses).containsOnly(200, 202);
    assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    assertThat(ids).containsOnly(ids.getFirst());
  }
}
