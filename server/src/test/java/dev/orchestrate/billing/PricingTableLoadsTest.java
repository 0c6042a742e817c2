package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** Binds pricing.yml as Spring would, so a typo in a price or a key fails here. */
class PricingTableLoadsTest {

  private static final PriceTable PRICES = load();

  private static PriceTable load() {
    try {
      var sources =
          new YamlPropertySourceLoader().load("pricing.yml", new ClassPathResource("pricing.yml"));
      var properties =
          new Binder(ConfigurationPropertySources.from(sources))
              .bind("orchestrate.billing", PricingProperties.class)
              .get();
      return new PriceTable(properties);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          claude-sonnet-4-20250514   | anthropic | 3    | 15   | 3.75  | 0.30  |
          claude-sonnet-4-5-20250929 | anthropic | 3    | 15   | 3.75  | 0.30  | claude-sonnet-4-5
          claude-opus-4-5-20251101   | anthropic | 5    | 25   | 6.25  | 0.50  | claude-opus-4-5
          claude-opus-4-1-20250805   | anthropic | 15   | 75   | 18.75 | 1.50  | claude-opus-4-1
          claude-haiku-4-5-20251001  | anthropic | 1    | 5    | 1.25  | 0.10  | claude-haiku-4-5
          claude-3-5-haiku-20241022  | anthropic | 0.80 | 4    | 1     | 0.08  |
          gpt-4o                     | openai    | 2.50 | 10   | 0     | 1.25  |
          gpt-4o-mini                | openai    | 0.15 | 0.60 | 0     | 0.075 |
          gpt-4.1                    | openai    | 2    | 8    | 0     | 0.50  |
          gpt-4.1-mini               | openai    | 0.40 | 1.60 | 0     | 0.10  |
          gpt-4.1-nano               | openai    | 0.10 | 0.40 | 0     | 0.025 |
          """)
  void pricesEveryListedModel(
      String model,
      String provider,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheWrite,
      BigDecimal cacheRead,
      String alias) {
    ModelPrice price = PRICES.find(model).orElseThrow();

    assertThat(price.provider()).isEqualTo(provider);
    assertThat(price.input()).isEqualByComparingTo(input);
    assertThat(price.output()).isEqualByComparingTo(output);
    assertThat(price.cacheWrite()).isEqualByComparingTo(cacheWrite);
    assertThat(price.cacheRead()).isEqualByComparingTo(cacheRead);
    assertThat(price.aliases()).isEqualTo(alias == null ? List.of() : List.of(alias));
    if (alias != null) {
      assertThat(PRICES.find(alias)).contains(price);
    }
    // Keeps the id as written: a dot outside brackets would have nested it instead.
    assertThat(PRICES.all()).anyMatch(priced -> priced.model().equals(model));
  }
}
