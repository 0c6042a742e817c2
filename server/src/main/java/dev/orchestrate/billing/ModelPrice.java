package dev.orchestrate.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * What one model costs, in US dollars per million tokens of each kind.
 *
 * @param provider who serves the model: {@code anthropic} or {@code openai} (an OpenAI-compatible
 *     local server is {@code openai})
 * @param input per million prompt tokens neither written to nor read from the cache
 * @param output per million generated tokens
 * @param cacheWrite per million prompt tokens written to the cache; the input price when left out
 * @param cacheRead per million prompt tokens read from the cache; the input price when left out
 * @param aliases other ids naming the same model, such as {@code claude-sonnet-4-5} for the dated
 *     id
 * @param contextWindow the most tokens one request's prompt may hold (the provider refuses a longer
 *     one, uncharged); bounds a cost estimate where nothing else does. Optional
 */
public record ModelPrice(
    String provider,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheWrite,
    BigDecimal cacheRead,
    List<String> aliases,
    Long contextWindow) {

  /** The providers a price can name; the simulated one charges no tokens and needs no entry. */
  public static final Set<String> PROVIDERS = Set.of("anthropic", "openai");

  public ModelPrice {
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "provider must be anthropic or openai, not '" + provider + "'");
    }
    input = notNegative("input", input);
    output = notNegative("output", output);
    // A cached token is still a prompt token: without a configured discount it costs the full
    // input price, so leaving the cache prices out can never make tokens cheaper than they are.
    cacheWrite = notNegative("cache-write", cacheWrite == null ? input : cacheWrite);
    cacheRead = notNegative("cache-read", cacheRead == null ? input : cacheRead);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (aliases.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("aliases must not be blank");
    }
    if (contextWindow != null && contextWindow <= 0) {
      throw new IllegalArgumentException("context-window must be positive");
    }
  }

  /** A price written in code, from exact decimal strings. */
  public static ModelPrice of(
      String provider,
      String input,
      String output,
      String cacheWrite,
      String cacheRead,
      String... aliases) {
    return new ModelPrice(
        provider,
        new BigDecimal(input),
        new BigDecimal(output),
        new BigDecimal(cacheWrite),
        new BigDecimal(cacheRead),
        List.of(aliases),
        null);
  }

  private static BigDecimal notNegative(String name, BigDecimal usdPerMillion) {
    if (usdPerMillion == null) {
      throw new IllegalArgumentException(name + " price is required");
    }
    if (usdPerMillion.signum() < 0) {
      throw new IllegalArgumentException(name + " price must not be negative");
    }
    return usdPerMillion;
  }
}
