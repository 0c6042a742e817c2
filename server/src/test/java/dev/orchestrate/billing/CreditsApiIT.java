package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditsApiIT extends ServiceTest {

  @Test
  void aNewUsersWorkspaceStartsWithTheSignUpGrant() {
    var user = api.signUp();
    var credits = api.get(user.ws() + "/credits", user.token());

    assertThat(credits.status()).isEqualTo(200);
    assertThat(credits.body().get("balance").decimalValue()).isEqualByComparingTo("10000");
    assertThat(credits.body().get("currency").asString()).isEqualTo("KRW");
    var grant = credits.body().get("transactions").get(0);
    assertThat(grant.get("type").asString()).isEqualTo("grant");
    assertThat(grant.get("amount").decimalValue()).isEqualByComparingTo("10000");
    assertThat(grant.get("reference_type").asString()).isEqualTo("signup");
  }

  @Test
  void anOwnerGrantsCreditsAndSeesThemInTheLedger() {
    var owner = api.signUp();
    var grant =
        api.post(
            owner.ws() + "/credits/grants",
            owner.token(),
            Map.of("amount", 250.5, "description", "보너스"));

    assertThat(grant.status()).isEqualTo(201);
    assertThat(grant.body().get("amount").decimalValue()).isEqualByComparingTo("250.5");
    var credits = api.get(owner.ws() + "/credits", owner.token());
    assertThat(credits.body().get("balance").decimalValue()).isEqualByComparingTo("10250.5");
    assertThat(credits.body().get("transactions").get(0).get("description").asString())
        .isEqualTo("보너스");
  }

  @Test
  void repeatingAGrantWithItsIdempotencyKeyGrantsOnce() {
    var owner = api.signUp();
    var first =
        api.postWithHeaders(
            owner.ws() + "/credits/grants",
            owner.token(),
            Map.of("amount", 10),
            Map.of("Idempotency-Key", "bonus-1"));
    var second =
        api.postWithHeaders(
            owner.ws() + "/credits/grants",
            owner.token(),
            Map.of("amount", 10),
            Map.of("Idempotency-Key", "bonus-1"));
    assertThat(second.body().get("id")).isEqualTo(first.body().get("id"));
    assertThat(api.get(owner.ws() + "/credits", owner.token()).body().get("balance").decimalValue())
        .isEqualByComparingTo("10010");
  }

  @Test
  void onlyOwnersGrantCredits() {
    var owner = api.signUp();
    for (String role : new String[] {"admin", "member", "viewer"}) {
      var other = api.signUp();
      api.post(
          owner.ws() + "/members", owner.token(), Map.of("email", other.email(), "role", role));
      assertThat(
              api.post(owner.ws() + "/credits/grants", other.token(), Map.of("amount", 1)).status())
          .as(role)
          .isEqualTo(403);
      assertThat(api.get(owner.ws() + "/credits", other.token()).status()).as(role).isEqualTo(200);
    }
    assertThat(api.get(owner.ws() + "/credits", owner.token()).body().get("balance").decimalValue())
        .isEqualByComparingTo("10000");
  }

  @Test
  void aMemberOfAnotherWorkspaceSeesNothingOfThisOnesLedgerOrAudit() {
    var alice = api.signUp();
    var bob = api.signUp();
    assertThat(api.get(alice.ws() + "/credits", bob.token()).status()).isEqualTo(404);
    assertThat(api.post(alice.ws() + "/credits/grants", bob.token(), Map.of("amount", 1)).status())
        .isEqualTo(404);
    assertThat(api.get(alice.ws() + "/audit-logs", bob.token()).status()).isEqualTo(404);
    assertThat(api.get(alice.ws() + "/audit-logs/verify", bob.token()).status()).isEqualTo(404);
  }

  @Test
  void anInvalidGrantListsItsProblems() {
    var owner = api.signUp();
    var r = api.post(owner.ws() + "/credits/grants", owner.token(), Map.of("amount", -1.00001));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path")).containsOnly("amount");
    assertThat(r.body().get("errors")).hasSize(2);
  }

  @Test
  void theLedgerPagesNewestFirst() {
    var owner = api.signUp();
    for (int i = 1; i <= 3; i++) {
      api.post(owner.ws() + "/credits/grants", owner.token(), Map.of("amount", i));
    }
    var page1 = api.get(owner.ws() + "/credits?limit=2", owner.token());
    assertThat(page1.body().get("transactions").findValuesAsString("amount"))
        .containsExactly("3", "2");
    String cursor = page1.body().get("next_cursor").asString();
    var page2 = api.get(owner.ws() + "/credits?limit=2&cursor=" + cursor, owner.token());
    assertThat(page2.body().get("transactions").findValuesAsString("amount"))
        .containsExactly("1", "10000");
    assertThat(api.get(owner.ws() + "/credits?cursor=nonsense", owner.token()).status())
        .isEqualTo(422);
  }

  @Test
  void theLedgerFiltersByTypeAndTime() {
    var owner = api.signUp();
    api.post(owner.ws() + "/credits/grants", owner.token(), Map.of("amount", 7));
    String optimist =
        api.get(owner.ws() + "/agents", owner.token())
            .body()
            .valueStream()
            .filter(a -> a.get("slug").asString().equals("optimist"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();
    var invoked =
        api.post(
            "/orchestrate/agent/invoke",
            owner.token(),
            Map.of(
                "agent_id",
                optimist,
                "messages",
                List.of(Map.of("role", "user", "content", "안녕"))));
    assertThat(invoked.status()).isEqualTo(200);

    assertThat(types(owner, "")).containsExactly("usage", "grant", "grant");
    assertThat(types(owner, "?type=usage")).containsExactly("usage");
    assertThat(types(owner, "?type=grant")).containsExactly("grant", "grant");
    assertThat(types(owner, "?type=grant,usage")).hasSize(3);
    assertThat(types(owner, "?type=refund")).isEmpty();
    // Days are whole days of the billing time zone; instants are exact.
    Instant now = Instant.now();
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    assertThat(types(owner, "?from=" + today.minusDays(1) + "&to=" + today)).hasSize(3);
    assertThat(types(owner, "?from=" + today.plusDays(1))).isEmpty();
    assertThat(types(owner, "?to=" + today.minusDays(1))).isEmpty();
    assertThat(types(owner, "?type=usage&from=" + now.minus(Duration.ofHours(1)))).hasSize(1);
    assertThat(types(owner, "?from=" + now.plus(Duration.ofMinutes(5)))).isEmpty();

    var bad = api.get(owner.ws() + "/credits?type=reservation&from=soon&to=later", owner.token());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().get("errors").findValuesAsString("path"))
        .containsExactly("type", "from", "to");
    var backwards =
        api.get(owner.ws() + "/credits?from=" + today + "&to=" + today.minusDays(2), owner.token());
    assertThat(backwards.status()).isEqualTo(422);
  }

  private List<String> types(Api.Session owner, String query) {
    var r = api.get(owner.ws() + "/credits" + query, owner.token());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().get("transactions").findValuesAsString("type");
  }
}
