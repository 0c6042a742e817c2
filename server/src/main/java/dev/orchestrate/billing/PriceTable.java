package dev.orchestrate.billing;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The configured prices, found by a model's id or one of its aliases, exactly as written. */
@Component
public class PriceTable {

  /** The service's own stand-in provider: every model of it is priced, at the agent's fee alone. */
  public static final String SIMULATED = "simulated";

  private final Map<String, PricedModel> byName = new HashMap<>();
  private final List<PricedModel> all;

  public PriceTable(PricingProperties properties) {
    all =
        properties.models().entrySet().stream()
            .map(entry -> new PricedModel(entry.getKey(), entry.getValue()))
            .sorted(
                Comparator.comparing((PricedModel priced) -> priced.price().provider())
                    .thenComparing(PricedModel::model))
            .toList();
    all.forEach(priced -> index(priced.model(), priced));
    all.forEach(priced -> priced.price().aliases().forEach(alias -> index(alias, priced)));
  }

  /**
   * The price of a model, by id or alias. No prefix or fuzzy matching: a near miss such as {@code
   * claude-sonnet-4} must be configured, not quietly billed at some other model's price.
   */
  public Optional<ModelPrice> find(String model) {
    return model == null
        ? Optional.empty()
        : Optional.ofNullable(byName.get(model)).map(PricedModel::price);
  }

  /**
   * Whether a call to this model can be billed. The provider is not matched against the price's
   * own: an OpenAI-compatible gateway may serve a Claude model, and the model's price still holds.
   */
  public boolean isPriced(String provider, String model) {
    return SIMULATED.equals(provider) || find(model).isPresent();
  }

  /** Every configured model, by provider then id, for display. */
  public List<PricedModel> all() {
    return all;
  }

  private void index(String name, PricedModel priced) {
    PricedModel earlier = byName.putIfAbsent(name, priced);
    if (earlier != null && earlier != priced) {
      throw new IllegalArgumentException(
          "orchestrate.billing.models: '%s' names both %s and %s; a name must have one price"
              .formatted(name, earlier.model(), priced.model()));
    }
  }

  /** A model id with its price. */
  public record PricedModel(String model, ModelPrice price) {}
}
