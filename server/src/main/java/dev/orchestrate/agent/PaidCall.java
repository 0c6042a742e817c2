package dev.orchestrate.agent;

import dev.orchestrate.billing.Reservation;
import dev.orchestrate.llm.LlmResponse;
import dev.orchestrate.llm.Usage;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A model call whose credits are reserved but not yet settled.
 *
 * @param response the answer; null when the call failed
 * @param usage the tokens the provider reported, of every attempt
 * @param reservation the credits set aside; null for simulated agents, which are free
 * @param cost what the call costs, from the usage the provider reported
 */
public record PaidCall(
    UUID workspaceId,
    LlmResponse response,
    Usage usage,
    Reservation reservation,
    BigDecimal cost) {}
