package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The usage endpoint sums exactly the ledger's usage rows, however they are grouped. */
class UsageIT extends ServiceTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @Autowired private Tenancy tenancy;

  @Test
  void everyGroupingSumsExactlyTheLedgersUsageRows() {
    var owner = api.signUp();
    // Simulated fees outside a pipeline (no pipeline), a paid call with tokens, and a demo run.
    assertThat(invoke(owner, id(owner, "/agents", "optimist")).status()).isEqualTo(200);
    String marker = "usage-" + UUID.randomUUID();
    String paid = paidAgent(owner, marker);
    providers
        .anthropic()
        .when(marker)
        .reply(Reply.text("첫 답", FakeProviders.usage(1000, 500)))
        .reply(Reply.text("둘째 답", FakeProviders.usage(2000, 100, 300, 400)));
    assertThat(invoke(owner, paid).status()).isEqualTo(200);
    assertThat(invoke(owner, paid).status()).isEqualTo(200);
    var run =
        api.post(
            "/orchestrate/pipeline/start",
            owner.token(),
            Map.of(
                "pipeline_id",
                id(owner, "/pipelines", "grant_factory"),
                "input",
                Map.of("query", "AI 솔루션")));
    assertThat(run.status()).as(run.raw()).isEqualTo(202);
    awaitCompleted(owner, run.body().get("execution_id").asString());

    List<Row> rows = ledger(owner.workspaceId());
    assertThat(rows).hasSize(7);
    String from = LocalDate.now(SEOUL).minusDays(1).toString();
    String to = LocalDate.now(SEOUL).toString();
    for (String groupBy : List.of("pipeline", "agent", "model", "day")) {
      var r =
          api.get(
              owner.ws() + "/usage?from=" + from + "&to=" + to + "&group_by=" + groupBy,
              owner.token());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.body().get("group_by").asString()).isEqualTo(groupBy);
      Map<String, Sums> expected = sums(rows, keyOf(groupBy));
      Map<String, Sums> answered = new HashMap<>();
      r.body()
          .get("groups")
          .forEach(
              g ->
                  answered.put(
                      g.get("key").isNull() ? null : g.get("key").asString(),
                      new Sums(
                          g.get("amount").decimalValue(),
                          g.get("calls").asLong(),
                          g.get("input_tokens").asLong(),
                          g.get("output_tokens").asLong())));
      assertThat(answered).as(groupBy).isEqualTo(expected);
      Sums all = sums(rows, row -> "all").get("all");
      JsonNode totals = r.body().get("totals");
      assertThat(
              new Sums(
                  totals.get("amount").decimalValue(),
                  totals.get("calls").asLong(),
                  totals.get("input_tokens").asLong(),
                  totals.get("output_tokens").asLong()))
          .as(groupBy + " totals")
          .isEqualTo(all);
    }
    // What the totals say was spent is what left the balance.
    var credits = api.get(owner.ws() + "/credits", owner.token()).body();
    var totals = api.get(owner.ws() + "/usage?group_by=model", owner.token()).body().get("totals");
    assertThat(new BigDecimal("10000").subtract(totals.get("amount").decimalValue()))
        .isEqualByComparingTo(credits.get("balance").decimalValue());
    var byAgent = api.get(owner.ws() + "/usage?group_by=agent", owner.token()).body();
    assertThat(byAgent.findValuesAsString("agent_slug"))
        .contains("optimist", "critic", "blog", "realist", "paid");
    var byModel = api.get(owner.ws() + "/usage?group_by=model", owner.token()).body();
    assertThat(byModel.findValuesAsString("key"))
        .containsExactlyInAnyOrder("simulated", "claude-sonnet-4-20250514");
  }

  @Test
  void refusesBadParametersAtOnceWithTheirPathsAndLetsEveryMemberRead() {
    var owner = api.signUp();

    var bad = api.get(owner.ws() + "/usage?from=yesterday&group_by=week", owner.token());
    assertThat(bad.status()).as(bad.raw()).isEqualTo(422);
    assertThat(bad.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder("from", "group_by");
    var backwards =
        api.get(owner.ws() + "/usage?from=2026-03-02&to=2026-03-01T00:00:00Z", owner.token());
    assertThat(backwards.status()).as(backwards.raw()).isEqualTo(422);
    assertThat(backwards.body().get("errors").findValuesAsString("path")).containsExactly("to");
    var tooLong =
        api.get(owner.ws() + "/usage?from=2020-01-01&to=2026-01-01&group_by=day", owner.token());
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(
            api.get(
                    owner.ws() + "/usage?from=2020-01-01&to=2026-01-01&group_by=model",
                    owner.token())
                .status())
        .isEqualTo(200);

    var viewer = api.signUp();
    api.post(
        owner.ws() + "/members", owner.token(), Map.of("email", viewer.email(), "role", "viewer"));
    var read = api.get(owner.ws() + "/usage", viewer.token());
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    assertThat(read.body().get("groups")).isEmpty();
    assertThat(read.body().get("totals").get("amount").decimalValue()).isZero();
    assertThat(api.get(owner.ws() + "/usage", api.signUp().token()).status()).isEqualTo(404);
  }

  private static Function<Row, String> keyOf(String groupBy) {
    return switch (groupBy) {
      case "pipeline" -> row -> row.pipelineId() == null ? null : row.pipelineId().toString();
      case "agent" -> row -> row.agentId() == null ? null : row.agentId().toString();
      case "model" -> Row::model;
      default -> row -> row.createdAt().toInstant().atZone(SEOUL).toLocalDate().toString();
    };
  }

  private static Map<String, Sums> sums(List<Row> rows, Function<Row, String> key) {
    Map<String, Sums> sums = new HashMap<>();
    for (Row row : rows) {
      var one =
          new Sums(
              row.amount().negate(),
              1,
              Objects.requireNonNullElse(row.inputTokens(), 0L),
              Objects.requireNonNullElse(row.outputTokens(), 0L));
      sums.merge(key.apply(row), one, Sums::plus);
    }
    return sums;
  }

  private List<Row> ledger(UUID workspaceId) {
    return tenancy.inSystemTransaction(
        "test reads the ledger",
        () ->
            jdbc.sql(
                    """
                    SELECT pipeline_id, agent_id, model, created_at, amount, input_tokens,
                           output_tokens
                    FROM credit_ledger WHERE workspace_id = ? AND type = 'usage'
                    """)
                .param(workspaceId)
                .query(
                    (rs, n) ->
                        new Row(
                            rs.getObject("pipeline_id", UUID.class),
                            rs.getObject("agent_id", UUID.class),
                            rs.getString("model"),
                            rs.getTimestamp("created_at"),
                            rs.getBigDecimal("amount"),
                            rs.getObject("input_tokens", Long.class),
                            rs.getObject("output_tokens", Long.class)))
                .list());
  }

  private void awaitCompleted(Api.Session user, String executionId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/orchestrate/executions/" + executionId, user.token())
                    .body()
                    .get("status")
                    .asString(),
            "completed"::equals);
  }

  private String paidAgent(Api.Session user, String marker) {
    var created =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                "paid",
                "name",
                "Paid",
                "model_provider",
                "anthropic",
                "model",
                "claude-sonnet-4-20250514",
                "system_prompt",
                "You are paid. " + marker,
                "cost_per_run",
                5,
                "parameters",
                Map.of("max_tokens", 1024)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().get("id").asString();
  }

  private Api.Response invoke(Api.Session user, String agentId) {
    return api.post(
        "/orchestrate/agent/invoke",
        user.token(),
        Map.of("agent_id", agentId, "messages", List.of(Map.of("role", "user", "content", "안녕"))));
  }

  private String id(Api.Session user, String collection, String slug) {
    return api.get(user.ws() + collection, user.token())
        .body()
        .valueStream()
        .filter(n -> n.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asString();
  }

  private record Row(
      UUID pipelineId,
      UUID agentId,
      String model,
      Timestamp createdAt,
      BigDecimal amount,
      Long inputTokens,
      Long outputTokens) {}

  private record Sums(BigDecimal amount, long calls, long inputTokens, long outputTokens) {
    Sums plus(Sums other) {
      return new Sums(
          amount.add(other.amount),
          calls + other.calls,
          inputTokens + other.inputTokens,
          outputTokens + other.outputTokens);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sums s
          && amount.compareTo(s.amount) == 0
          && calls == s.calls
          && inputTokens == s.inputTokens
          && outputTokens == s.outputTokens;
    }

    @Override
    public int hashCode() {
      return Objects.hash(amount.stripTrailingZeros(), calls, inputTokens, outputTokens);
    }
  }
}
