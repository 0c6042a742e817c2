package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PricingApiIT extends ServiceTest {

  @Test
  void showsThePriceTableInUseInUsdAndCredits() {
    var user = api.signUp();
    var pricing = api.get("/api/pricing", user.token());

    assertThat(pricing.status()).isEqualTo(200);
    assertThat(pricing.body().get("currency").asString()).isEqualTo("KRW");
    assertThat(pricing.body().get("credits_per_usd").asInt()).isEqualTo(1400);
    JsonNode sonnet =
        pricing
            .body()
            .get("models")
            .valueStream()
            .filter(m -> m.get("model").asString().equals("claude-sonnet-4-20250514"))
            .findFirst()
            .orElseThrow();
    assertThat(sonnet.get("input_per_million_usd").decimalValue()).isEqualByComparingTo("3");
    assertThat(sonnet.get("output_per_million_usd").decimalValue()).isEqualByComparingTo("15");
    assertThat(sonnet.get("output_per_million_credits").decimalValue())
        .isEqualByComparingTo("21000");
    assertThat(pricing.body().get("models").findValuesAsString("model"))
        .contains("gpt-4o", "gpt-4o-mini", "gpt-4.1");
  }

  @Test
  void needsAToken() {
    assertThat(api.get("/api/pricing", null).status()).isEqualTo(401);
  }
}
