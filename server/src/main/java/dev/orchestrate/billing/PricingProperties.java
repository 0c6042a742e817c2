package dev.orchestrate.billing;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The price table, defaulted by {@code pricing.yml}; it shares its prefix with {@link
 * BillingProperties}, each record binding only its own fields.
 *
 * @param models prices keyed by model id ({@code orchestrate.billing.models.<id>}, with an id
 *     holding a dot in brackets: {@code orchestrate.billing.models.[gpt-4.1]}); an operator's
 *     entries are merged with the defaults model by model
 */
@ConfigurationProperties("orchestrate.billing")
public record PricingProperties(Map<String, ModelPrice> models) {

  public PricingProperties {
    models = models == null ? Map.of() : Map.copyOf(models);
  }
}
