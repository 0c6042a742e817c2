package dev.orchestrate.billing;

import dev.orchestrate.billing.PriceTable.PricedModel;
import dev.orchestrate.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shows the price table, in USD and in credits, so users can tell what an agent will cost. */
@RestController
class PricingController {

  private final PriceTable prices;
  private final BillingProperties billing;

  PricingController(PriceTable prices, BillingProperties billing) {
    this.prices = prices;
    this.billing = billing;
  }

  @GetMapping("/api/pricing")
  Pricing pricing() {
    return new Pricing(
        billing.currency(),
        Money.normalize(billing.creditsPerUsd()),
        prices.all().stream().map(this::view).toList());
  }

  private ModelPricing view(PricedModel priced) {
    ModelPrice price = priced.price();
    return new ModelPricing(
        priced.model(),
        price.provider(),
        price.aliases(),
        Money.normalize(price.input()),
        Money.normalize(price.output()),
        Money.normalize(price.cacheWrite()),
        Money.normalize(price.cacheRead()),
        credits(price.input()),
        credits(price.output()),
        price.contextWindow());
  }

  private BigDecimal credits(BigDecimal usd) {
    return Money.normalize(
        usd.multiply(billing.creditsPerUsd()).setScale(Money.SCALE, RoundingMode.HALF_UP));
  }

  /** The answer of {@code GET /api/pricing}. */
  record Pricing(String currency, BigDecimal creditsPerUsd, List<ModelPricing> models) {}

  /** One model's prices per million tokens. */
  record ModelPricing(
      String model,
      String provider,
      List<String> aliases,
      BigDecimal inputPerMillionUsd,
      BigDecimal outputPerMillionUsd,
      BigDecimal cacheWritePerMillionUsd,
      BigDecimal cacheReadPerMillionUsd,
      BigDecimal inputPerMillionCredits,
      BigDecimal outputPerMillionCredits,
      Long contextWindow) {}
}
