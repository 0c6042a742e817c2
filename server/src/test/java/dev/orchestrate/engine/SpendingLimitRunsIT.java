package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Runs started together against one tight monthly limit: reservations are admitted one at a time
 * under the account's lock, so together they never spend past it, and the runs it stops say why.
 */
class SpendingLimitRunsIT extends ServiceTest {

  private static final BigDecimal LIMIT = new BigDecimal("100");

  @Autowired private Tenancy tenancy;

  @Test
  void twentyConcurrentRunsNeverSpendPastTheMonthlyLimit() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    var user = executions.user();
    var simulated =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of("slug", "fee", "name", "Fee", "model_provider", "simulated", "cost_per_run", 7));
    assertThat(simulated.status()).as(simulated.raw()).isEqualTo(201);
    String marker = "limit-" + UUID.randomUUID();
    executions.agent("paid", marker);
    // 50 in and 100 out on claude-sonnet-4: 2.31 credits a call, within its reservation.
    providers.anthropic().when(marker).otherwise(Reply.text("답변입니다", FakeProviders.usage(50, 100)));
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'first', 'type': 'agent_call', 'label': 'First', 'agent_slug': 'fee',
                'prompt': 'Run {{input.n}}'},
               {'id': 'second', 'type': 'agent_call', 'label': 'Second', 'agent_slug': 'paid',
                'prompt': 'Check {{input.n}}'}],
             'edges': [{'from': 'start', 'to': 'first'}, {'from': 'first', 'to': 'second'}]}
            """);
    var set = api.put(user.ws() + "/spending-limits", user.token(), "{\"monthly\": 100}");
    assertThat(set.status()).as(set.raw()).isEqualTo(200);

    List<String> started = new ArrayList<>();
    int refusedAtStart = 0;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<dev.orchestrate.support.Api.Response>> starts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        starts.add(pool.submit(() -> executions.tryStart(pipeline, Map.of("n", n))));
      }
      for (var start : starts) {
        var response = start.get();
        if (response.status() == 402) {
          refusedAtStart++;
          assertThat(response.body().get("limit").asString()).isEqualTo("monthly");
        } else {
          assertThat(response.status()).as(response.raw()).isEqualTo(202);
          started.add(response.body().get("execution_id").asString());
        }
      }
    }

    int completed = 0;
    int stopped = 0;
    BigDecimal costs = BigDecimal.ZERO;
    for (String id : started) {
      JsonNode ended = awaitEnd(executions, id);
      costs = costs.add(ended.get("total_cost").decimalValue());
      if (ended.get("status").asString().equals("completed")) {
        completed++;
      } else {
        stopped++;
        assertThat(ended.get("status").asString()).isEqualTo("failed");
        assertThat(ended.get("error").get("code").asString()).isEqualTo("insufficient_credits");
        assertThat(ended.get("error").get("message").asString())
            .contains("monthly spending limit of 100 credits");
      }
    }
    // 20 runs want about 250 credits: the limit stops most of them (which ones depends on timing:
    // all 20 may pass their first call and none its second).
    assertThat(completed + stopped).isEqualTo(started.size());
    assertThat(stopped + refusedAtStart).isGreaterThanOrEqualTo(12);

    var limits = api.get(user.ws() + "/spending-limits", user.token()).body().get("monthly");
    BigDecimal spent = limits.get("spent").decimalValue();
    assertThat(spent).isLessThanOrEqualTo(LIMIT).isEqualByComparingTo(costs);
    assertThat(limits.get("reserved").decimalValue()).isZero();
    var usage = api.get(user.ws() + "/usage?group_by=model", user.token()).body().get("totals");
    assertThat(usage.get("amount").decimalValue()).isEqualByComparingTo(spent);
    // Nothing is left unspent that a waiting call could have used: the last refusal came when less
    // than one more run's calls fitted.
    assertThat(spent).isGreaterThan(LIMIT.subtract(new BigDecimal("20")));
  }

  private static JsonNode awaitEnd(Executions executions, String id) {
    return org.awaitility.Awaitility.await()
        .atMost(Executions.WAIT)
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () -> executions.get(id),
            e -> ExecutionStatus.of(e.get("status").asString()).terminal());
  }
}
