package dev.orchestrate.billing;

import java.util.UUID;

/**
 * What a usage row was spent on, recorded beside its amount so that usage can be summed by agent,
 * model and pipeline (the pipeline is found from the row's reference to its execution).
 *
 * @param agentId the agent called; null for charges that are not model calls
 * @param agentSlug the agent's slug when it was called
 * @param provider who served the call ({@code anthropic}, {@code openai}, {@code simulated})
 * @param model the priced model, or {@code simulated}
 * @param inputTokens prompt tokens the provider reported, cached ones included; null when unknown
 * @param outputTokens generated tokens the provider reported; null when unknown
 */
public record UsageTags(
    UUID agentId,
    String agentSlug,
    String provider,
    String model,
    Long inputTokens,
    Long outputTokens) {

  /** A charge that is not a model call: nothing to group it by. */
  public static final UsageTags NONE = new UsageTags(null, null, null, null, null, null);
}
