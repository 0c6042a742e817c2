package dev.orchestrate.billing;

import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a model call costs in credits: the agent's cost per run plus the tokens at the model's USD
 * prices, converted at the configured rate. Exact throughout, rounded half-up to four decimals
 * once, at the end, so a step's cost does not depend on how its parts were summed. A simulated call
 * costs the agent's cost per run and nothing for its tokens.
 */
@Component
public class CostCalculator {

  private final PriceTable prices;
  private final BigDecimal creditsPerUsd;

  @Autowired
  CostCalculator(PriceTable prices, BillingProperties billing) {
    this(prices, billing.creditsPerUsd());
  }

  public CostCalculator(PriceTable prices, BigDecimal creditsPerUsd) {
    this.prices = Objects.requireNonNull(prices, "prices");
    this.creditsPerUsd = notNegative("creditsPerUsd", creditsPerUsd);
  }

  /**
   * The credits one call (or the calls of one run) cost.
   *
   * @param costPerRun the agent's fixed charge per run, in credits
   * @throws UnpricedModelException when the model is in no price table, rather than billing zero
   */
  public BigDecimal cost(String provider, String model, TokenUsage usage, BigDecimal costPerRun) {
    Objects.requireNonNull(usage, "usage");
    notNegative("costPerRun", costPerRun);
    if (PriceTable.SIMULATED.equals(provider)) {
      // The agent's fee only: its tokens cost nobody anything, but charging the fee lets a fresh
      // install show billing at work.
      return costPerRun.setScale(Money.SCALE, RoundingMode.HALF_UP);
    }
    ModelPrice price =
        prices.find(model).orElseThrow(() -> new UnpricedModelException(provider, model));
    BigDecimal usd =
        usd(usage.inputTokens(), price.input())
            .add(usd(usage.outputTokens(), price.output()))
            .add(usd(usage.cacheWriteTokens(), price.cacheWrite()))
            .add(usd(usage.cacheReadTokens(), price.cacheRead()));
    return costPerRun.add(usd.multiply(creditsPerUsd)).setScale(Money.SCALE, RoundingMode.HALF_UP);
  }

  /**
   * The most a call may cost, to reserve before making it: the prompt estimate at the input price
   * and all of {@code max_tokens} at the output price, plus the cost per run. Settlement charges
   * the real usage, so the estimate need not foresee cache hits.
   */
  public BigDecimal maxCost(
      String provider,
      String model,
      long promptTokensEstimate,
      long maxOutputTokens,
      BigDecimal costPerRun) {
    return cost(provider, model, TokenUsage.of(promptTokensEstimate, maxOutputTokens), costPerRun);
  }

  /** Tokens at a price per million, exactly: moving the point needs no rounding, dividing would. */
  private static BigDecimal usd(long tokens, BigDecimal usdPerMillion) {
    return BigDecimal.valueOf(tokens).multiply(usdPerMillion).movePointLeft(6);
  }

  private static BigDecimal notNegative(String name, BigDecimal amount) {
    Objects.requireNonNull(amount, name);
    if (amount.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return amount;
  }
}
