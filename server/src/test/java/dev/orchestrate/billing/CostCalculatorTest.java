package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.common.ErrorKind;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostCalculatorTest {

  private static final BigDecimal NO_COST_PER_RUN = BigDecimal.ZERO;

  /** The default table of pricing.yml, written out so these tests need no Spring. */
  private static final PriceTable PRICES =
      new PriceTable(
          new PricingProperties(
              Map.ofEntries(
                  Map.entry(
                      "claude-sonnet-4-20250514",
                      ModelPrice.of("anthropic", "3", "15", "3.75", "0.30")),
                  Map.entry(
                      "claude-sonnet-4-5-20250929",
                      ModelPrice.of("anthropic", "3", "15", "3.75", "0.30", "claude-sonnet-4-5")),
                  Map.entry(
                      "claude-opus-4-5-20251101",
                      ModelPrice.of("anthropic", "5", "25", "6.25", "0.50", "claude-opus-4-5")),
                  Map.entry(
                      "claude-opus-4-1-20250805",
                      ModelPrice.of("anthropic", "15", "75", "18.75", "1.50", "claude-opus-4-1")),
                  Map.entry(
                      "claude-haiku-4-5-20251001",
                      ModelPrice.of("anthropic", "1", "5", "1.25", "0.10", "claude-haiku-4-5")),
                  Map.entry(
                      "claude-3-5-haiku-20241022",
                      ModelPrice.of("anthropic", "0.80", "4", "1", "0.08")),
                  Map.entry("gpt-4o", ModelPrice.of("openai", "2.50", "10", "0", "1.25")),
                  Map.entry("gpt-4o-mini", ModelPrice.of("openai", "0.15", "0.60", "0", "0.075")),
                  Map.entry("gpt-4.1", ModelPrice.of("openai", "2", "8", "0", "0.50")),
                  Map.entry("gpt-4.1-mini", ModelPrice.of("openai", "0.40", "1.60", "0", "0.10")),
                  Map.entry(
                      "gpt-4.1-nano", ModelPrice.of("openai", "0.10", "0.40", "0", "0.025")))));

  private final CostCalculator calculator = new CostCalculator(PRICES, new BigDecimal("1400"));

  @Test
  void pricesTheSpecificationsExampleAt14Point7Credits() {
    // claude-sonnet-4-20250514 at $3 / $15 per million: 1,000 in + 500 out = $0.0105,
    // which is 14.7 credits at 1,400 per USD.
    TokenUsage usage = TokenUsage.of(1_000, 500);

    assertThat(calculator.cost("anthropic", "claude-sonnet-4-20250514", usage, NO_COST_PER_RUN))
        .isEqualByComparingTo("14.7");
    assertThat(
            new CostCalculator(PRICES, BigDecimal.ONE)
                .cost("anthropic", "claude-sonnet-4-20250514", usage, NO_COST_PER_RUN))
        .isEqualByComparingTo("0.0105");
  }

  @Test
  void addsTheAgentsCostPerRun() {
    assertThat(
            calculator.cost(
                "anthropic",
                "claude-sonnet-4-20250514",
                TokenUsage.of(1_000, 500),
                new BigDecimal("20")))
        .isEqualByComparingTo("34.7");
  }

  // 12,345 input, 6,789 output, 1,000 cache-write and 20,000 cache-read tokens, at 1,400 credits
  // per USD; worked out by hand, e.g. sonnet: (12,345 x 3 + 6,789 x 15 + 1,000 x 3.75 + 20,000 x
  // 0.30) / 1M = $0.14862 = 208.068 credits.
  @ParameterizedTest(name = "{0} costs {1}")
  @CsvSource({
    "claude-sonnet-4-20250514,   208.0680",
    "claude-sonnet-4-5-20250929, 208.0680",
    "claude-sonnet-4-5,          208.0680",
    "claude-opus-4-5-20251101,   346.7800",
    "claude-opus-4-5,            346.7800",
    "claude-opus-4-1-20250805,   1040.3400",
    "claude-opus-4-1,            1040.3400",
    "claude-haiku-4-5-20251001,  69.3560",
    "claude-haiku-4-5,           69.3560",
    "claude-3-5-haiku-20241022,  55.4848",
    "gpt-4o,                     173.2535",
    "gpt-4o-mini,                10.3952",
    "gpt-4.1,                    124.6028",
    "gpt-4.1-mini,               24.9206",
    "gpt-4.1-nano,               6.2301"
  })
  void pinsTheCostOfEveryPricedModel(String model, String credits) {
    TokenUsage usage = new TokenUsage(12_345, 6_789, 1_000, 20_000);
    String provider = model.startsWith("gpt") ? "openai" : "anthropic";

    BigDecimal cost = calculator.cost(provider, model, usage, NO_COST_PER_RUN);

    assertThat(cost).isEqualTo(new BigDecimal(credits)); // value and scale: always 4 decimals
  }

  @Test
  void chargesCacheWritesAndReadsAtTheirOwnPrices() {
    // $3 x 1,000 + $15 x 500 + $3.75 x 10,000 + $0.30 x 100,000, per million = $0.078.
    TokenUsage usage = new TokenUsage(1_000, 500, 10_000, 100_000);

    assertThat(calculator.cost("anthropic", "claude-sonnet-4-20250514", usage, NO_COST_PER_RUN))
        .isEqualByComparingTo("109.2");
  }

  @Test
  void roundsHalfUpToFourDecimals() {
    // 5 gpt-4o-mini input tokens: 5 x 0.15 / 1M x 1400 = 0.00105 credits. Half-up gives 0.0011
    // where half-even would give 0.0010.
    assertThat(calculator.cost("openai", "gpt-4o-mini", TokenUsage.of(5, 0), NO_COST_PER_RUN))
        .isEqualTo(new BigDecimal("0.0011"));
    // 0.00021 rounds down.
    assertThat(calculator.cost("openai", "gpt-4o-mini", TokenUsage.of(1, 0), NO_COST_PER_RUN))
        .isEqualTo(new BigDecimal("0.0002"));
  }

  @Test
  void roundsOnceAtTheEndNotPerTokenKind() {
    // gpt-4.1-nano: one input token is 0.00014 credits, one cached token 0.000035. Rounded apart
    // they would make 0.0001 + 0.0000; together 0.000175 rounds to 0.0002.
    assertThat(
            calculator.cost("openai", "gpt-4.1-nano", new TokenUsage(1, 0, 0, 1), NO_COST_PER_RUN))
        .isEqualTo(new BigDecimal("0.0002"));
  }

  @Test
  void aSimulatedCallCostsItsCostPerRunAndNothingForTokens() {
    assertThat(
            calculator.cost(
                PriceTable.SIMULATED,
                "simulated",
                TokenUsage.of(1_000_000, 1_000_000),
                new BigDecimal("20")))
        .isEqualByComparingTo("20");
    assertThat(
            calculator.cost(
                PriceTable.SIMULATED, "simulated", TokenUsage.NONE, new BigDecimal("0.1234")))
        .isEqualTo(new BigDecimal("0.1234"));
    assertThat(PRICES.isPriced(PriceTable.SIMULATED, "anything")).isTrue();
  }

  @Test
  void refusesAnUnknownModelRatherThanBillingZero() {
    assertThatThrownBy(
            () -> calculator.cost("openai", "gpt-5-turbo", TokenUsage.of(1, 1), NO_COST_PER_RUN))
        .isInstanceOfSatisfying(
            UnpricedModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
              assertThat(e.model()).isEqualTo("gpt-5-turbo");
              assertThat(e.getMessage()).contains("gpt-5-turbo", "orchestrate.billing.models");
            });
    assertThat(PRICES.isPriced("openai", "gpt-5-turbo")).isFalse();
  }

  @Test
  void resolvesIdsAndAliasesExactlyWithoutGuessingFromAPrefix() {
    assertThat(PRICES.find("claude-opus-4-5")).isEqualTo(PRICES.find("claude-opus-4-5-20251101"));
    assertThat(PRICES.find("claude-sonnet-4")).isEmpty();
    assertThat(PRICES.find("gpt-4")).isEmpty();
    assertThat(PRICES.find("GPT-4O")).isEmpty();
    assertThat(PRICES.isPriced("anthropic", "claude-sonnet-4-20250514")).isTrue();
  }

  @Test
  void reservesThePromptEstimateAndAllOfMaxTokensPlusTheCostPerRun() {
    // claude-sonnet-4-5: (2,000 x $3 + 4,096 x $15) / 1M = $0.06744 = 94.416 credits, + 20.
    assertThat(
            calculator.maxCost(
                "anthropic", "claude-sonnet-4-5", 2_000, 4_096, new BigDecimal("20")))
        .isEqualByComparingTo("114.416");
    assertThat(calculator.maxCost(PriceTable.SIMULATED, "simulated", 2_000, 4_096, BigDecimal.TEN))
        .isEqualByComparingTo("10");
    assertThat(calculator.maxCost(PriceTable.SIMULATED, "simulated", 2_000, 4_096, NO_COST_PER_RUN))
        .isZero();
    assertThatThrownBy(() -> calculator.maxCost("openai", "o9", 1, 1, NO_COST_PER_RUN))
        .isInstanceOf(UnpricedModelException.class);
  }

  @Test
  void sumsUsageAcrossCalls() {
    assertThat(TokenUsage.of(1, 2).plus(new TokenUsage(3, 4, 5, 6)))
        .isEqualTo(new TokenUsage(4, 6, 5, 6));
    assertThatThrownBy(() -> TokenUsage.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAPriceTableThatGivesOneNameTwoPrices() {
    assertThatThrownBy(
            () ->
                new PriceTable(
                    new PricingProperties(
                        Map.of(
                            "a", ModelPrice.of("openai", "1", "1", "0", "1", "shared"),
                            "b", ModelPrice.of("openai", "2", "2", "0", "2", "shared")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'shared'");
  }

  @Test
  void rejectsNegativePricesAndUnknownProviders() {
    assertThatThrownBy(() -> ModelPrice.of("openai", "-1", "1", "0", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelPrice.of("mistral", "1", "1", "0", "0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
