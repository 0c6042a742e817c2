package dev.orchestrate.agent;

import dev.orchestrate.llm.LlmResponse;
import java.math.BigDecimal;

/**
 * One finished call of an agent's model, with what it cost.
 *
 * @param response the model's answer
 * @param cost the credits charged (a simulated agent: its cost per run)
 * @param creditsRemaining the workspace's balance after the charge
 */
public record AgentRun(LlmResponse response, BigDecimal cost, BigDecimal creditsRemaining) {}
