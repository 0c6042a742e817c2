package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Owners set a workspace's daily and monthly spending limits; every charge stays under them. */
class SpendingLimitsIT extends ServiceTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @Test
  void aNewWorkspaceHasNoLimitsAndShowsWhenTheDayAndMonthResetInSeoul() {
    var owner = api.signUp();

    var limits = api.get(owner.ws() + "/spending-limits", owner.token());

    assertThat(limits.status()).as(limits.raw()).isEqualTo(200);
    JsonNode body = limits.body();
    assertThat(body.get("time_zone").asString()).isEqualTo("Asia/Seoul");
    assertThat(body.get("currency").asString()).isEqualTo("KRW");
    assertThat(body.get("daily").get("limit").isNull()).isTrue();
    assertThat(body.get("daily").get("remaining").isNull()).isTrue();
    assertThat(body.get("daily").get("spent").decimalValue()).isZero();
    LocalDate today = LocalDate.now(SEOUL);
    assertThat(Instant.parse(body.get("daily").get("resets_at").asString()))
        .isEqualTo(today.plusDays(1).atStartOfDay(SEOUL).toInstant());
    assertThat(Instant.parse(body.get("monthly").get("resets_at").asString()))
        .isEqualTo(today.withDayOfMonth(1).plusMonths(1).atStartOfDay(SEOUL).toInstant());
    assertThat(Instant.parse(body.get("monthly").get("period_start").asString()))
        .isEqualTo(today.withDayOfMonth(1).atStartOfDay(SEOUL).toInstant());
  }

  @Test
  void anOwnerSetsKeepsAndClearsLimitsAndEveryChangeIsAudited() {
    var owner = api.signUp();

    var set =
        api.put(
            owner.ws() + "/spending-limits",
            owner.token(),
            "{\"daily\": 100.5, \"monthly\": 2000}");
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.body().get("daily").get("limit").decimalValue()).isEqualByComparingTo("100.5");
    assertThat(set.body().get("daily").get("remaining").decimalValue())
        .isEqualByComparingTo("100.5");
    assertThat(set.body().get("monthly").get("limit").decimalValue()).isEqualByComparingTo("2000");

    // A field left out keeps its limit; null removes one.
    var cleared = api.put(owner.ws() + "/spending-limits", owner.token(), "{\"daily\": null}");
    assertThat(cleared.status()).as(cleared.raw()).isEqualTo(200);
    assertThat(cleared.body().get("daily").get("limit").isNull()).isTrue();
    assertThat(cleared.body().get("monthly").get("limit").decimalValue())
        .isEqualByComparingTo("2000");
    assertThat(
            api.get(owner.ws() + "/spending-limits", owner.token())
                .body()
                .get("monthly")
                .get("limit")
                .decimalValue())
        .isEqualByComparingTo("2000");

    var audit =
        api.get(owner.ws() + "/audit-logs?action=spending_limits.changed", owner.token()).body();
    assertThat(audit).hasSize(2);
    JsonNode latest = audit.get(0).get("details");
    assertThat(latest.get("daily").isNull()).isTrue();
    assertThat(latest.get("previous_daily").decimalValue()).isEqualByComparingTo("100.5");
    assertThat(latest.get("monthly").decimalValue()).isEqualByComparingTo("2000");
    assertThat(audit.get(0).get("actor_id").asString()).isEqualTo(owner.userId().toString());
  }

  @Test
  void refusesEveryInvalidLimitAtOnceWithItsPath() {
    var owner = api.signUp();

    var r =
        api.put(
            owner.ws() + "/spending-limits",
            owner.token(),
            "{\"daily\": -5, \"monthly\": 1.23456, \"weekly\": 10}");
    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(paths(r)).containsExactlyInAnyOrder("daily", "monthly", "weekly");

    var zeroAndText =
        api.put(
            owner.ws() + "/spending-limits", owner.token(), "{\"daily\": 0, \"monthly\": \"5\"}");
    assertThat(zeroAndText.status()).as(zeroAndText.raw()).isEqualTo(422);
    assertThat(paths(zeroAndText)).containsExactlyInAnyOrder("daily", "monthly");

    var notAnObject = api.put(owner.ws() + "/spending-limits", owner.token(), "[1]");
    assertThat(notAnObject.status()).as(notAnObject.raw()).isEqualTo(422);

    assertThat(
            api.get(owner.ws() + "/spending-limits", owner.token())
                .body()
                .get("daily")
                .get("limit")
                .isNull())
        .isTrue();
  }

  // Drill 10 found these: a JSON number past a double's range is read as an infinite double,
  // which has no decimal value, so the limit's check threw and the answer was a 500.
  @Test
  void refusesNumbersPastEveryRangeWithA422NotA500() {
    var owner = api.signUp();

    var r =
        api.put(
            owner.ws() + "/spending-limits",
            owner.token(),
            "{\"daily\": -1e400, \"monthly\": 1e400}");
    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(paths(r)).containsExactlyInAnyOrder("daily", "monthly");
    assertThat(
            api.get(owner.ws() + "/spending-limits", owner.token())
                .body()
                .get("daily")
                .get("limit")
                .isNull())
        .isTrue();
  }

  @Test
  void onlyOwnersSetLimitsMembersReadThemAndOutsidersSeeNothing() {
    var owner = api.signUp();
    var admin = api.signUp();
    var viewer = api.signUp();
    var outsider = api.signUp();
    join(owner, admin, "admin");
    join(owner, viewer, "viewer");

    assertThat(api.put(owner.ws() + "/spending-limits", admin.token(), "{\"daily\": 10}").status())
        .isEqualTo(403);
    assertThat(api.put(owner.ws() + "/spending-limits", viewer.token(), "{\"daily\": 10}").status())
        .isEqualTo(403);
    assertThat(api.get(owner.ws() + "/spending-limits", viewer.token()).status()).isEqualTo(200);
    assertThat(
            api.put(owner.ws() + "/spending-limits", outsider.token(), "{\"daily\": 10}").status())
        .isEqualTo(404);
    assertThat(api.get(owner.ws() + "/spending-limits", outsider.token()).status()).isEqualTo(404);
  }

  @Test
  void aCallThatWouldPassTheDailyLimitIsRefusedWithTheLimitAndWhenItResets() {
    var owner = api.signUp();
    api.put(owner.ws() + "/spending-limits", owner.token(), "{\"daily\": 30}");
    String optimist = agentId(owner, "optimist");

    var first = invoke(owner, optimist);
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.body().get("cost").decimalValue()).isEqualByComparingTo("20");

    var second = invoke(owner, optimist);
    assertThat(second.status()).as(second.raw()).isEqualTo(402);
    assertThat(second.body().get("code").asString()).isEqualTo("insufficient_credits");
    assertThat(second.body().get("limit").asString()).isEqualTo("daily");
    assertThat(second.body().get("limit_amount").decimalValue()).isEqualByComparingTo("30");
    LocalDate today = LocalDate.now(SEOUL);
    assertThat(Instant.parse(second.body().get("resets_at").asString()))
        .isEqualTo(today.plusDays(1).atStartOfDay(SEOUL).toInstant());
    assertThat(second.body().get("detail").asString())
        .contains("daily spending limit of 30 credits", "20 spent", "resets at midnight");

    var status = api.get(owner.ws() + "/spending-limits", owner.token()).body();
    assertThat(status.get("daily").get("spent").decimalValue()).isEqualByComparingTo("20");
    assertThat(status.get("daily").get("remaining").decimalValue()).isEqualByComparingTo("10");
    assertThat(status.get("monthly").get("spent").decimalValue()).isEqualByComparingTo("20");
    assertThat(api.get(owner.ws() + "/credits", owner.token()).body().get("balance").decimalValue())
        .isEqualByComparingTo("9980");
  }

  @Test
  void aStartWhenTheMonthlyLimitIsUsedUpIsA402NamingTheLimitAndItsReset() {
    var owner = api.signUp();
    api.put(owner.ws() + "/spending-limits", owner.token(), "{\"monthly\": 20}");
    assertThat(invoke(owner, agentId(owner, "optimist")).status()).isEqualTo(200);

    var start =
        api.post(
            "/orchestrate/pipeline/start",
            owner.token(),
            Map.of(
                "pipeline_id",
                pipelineId(owner, "grant_factory"),
                "input",
                Map.of("query", "AI 솔루션")));

    assertThat(start.status()).as(start.raw()).isEqualTo(402);
    assertThat(start.body().get("code").asString()).isEqualTo("insufficient_credits");
    assertThat(start.body().get("limit").asString()).isEqualTo("monthly");
    LocalDate today = LocalDate.now(SEOUL);
    assertThat(Instant.parse(start.body().get("resets_at").asString()))
        .isEqualTo(today.withDayOfMonth(1).plusMonths(1).atStartOfDay(SEOUL).toInstant());
    assertThat(start.body().get("detail").asString())
        .contains("monthly spending limit of 20 credits is reached", "on the 1st at midnight");
    assertThat(api.get(owner.ws() + "/executions", owner.token()).body()).isEmpty();

    // Raising the limit lets it start again.
    api.put(owner.ws() + "/spending-limits", owner.token(), "{\"monthly\": 1000}");
    var again =
        api.post(
            "/orchestrate/pipeline/start",
            owner.token(),
            Map.of(
                "pipeline_id",
                pipelineId(owner, "grant_factory"),
                "input",
                Map.of("query", "AI 솔루션")));
    assertThat(again.status()).as(again.raw()).isEqualTo(202);
  }

  private void join(Api.Session owner, Api.Session user, String role) {
    var r =
        api.post(
            owner.ws() + "/members", owner.token(), Map.of("email", user.email(), "role", role));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }

  private Api.Response invoke(Api.Session user, String agentId) {
    return api.post(
        "/orchestrate/agent/invoke",
        user.token(),
        Map.of("agent_id", agentId, "messages", List.of(Map.of("role", "user", "content", "안녕"))));
  }

  private String agentId(Api.Session user, String slug) {
    return find(api.get(user.ws() + "/agents", user.token()).body(), slug);
  }

  private String pipelineId(Api.Session user, String slug) {
    return find(api.get(user.ws() + "/pipelines", user.token()).body(), slug);
  }

  private static String find(JsonNode list, String slug) {
    return list.valueStream()
        .filter(n -> n.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asString();
  }

  private static List<String> paths(Api.Response r) {
    return r.body().get("errors").valueStream().map(e -> e.get("path").asString()).toList();
  }
}
