package dev.orchestrate.agent;

import dev.orchestrate.billing.PriceTable;
import dev.orchestrate.billing.Reservation;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.llm.LlmResponse;
import dev.orchestrate.llm.Usage;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A model call whose credits are reserved but not yet settled.
 *
 * @param response the answer; null when the call failed
 * @param usage the tokens the provider reported, of every attempt
 * @param reservation the credits set aside; null when nothing can be charged (a simulated agent
 *     without a cost per run)
 * @param cost what the call costs, from the usage the provider reported (a simulated call: the
 *     agent's cost per run when it was answered)
 * @param agent the agent called
 * @param invoked the call's {@code agent.invoked} audit record, written when the call is settled:
 *     in the engine, with the step's charge in the step's commit rather than in a commit of its own
 *     (issue 15: with 200 runs at once, that commit per call queued for a pooled connection)
 */
public record PaidCall(
    UUID workspaceId,
    LlmResponse response,
    Usage usage,
    Reservation reservation,
    BigDecimal cost,
    Agent agent,
    AuditEvent invoked) {

  /** Answered by the service's stand-in model: charged its fee, nothing for tokens. */
  public boolean simulated() {
    return agent.modelProvider() == ModelProvider.SIMULATED;
  }

  /** The model as billing names it: the agent's priced model, or {@code simulated}. */
  public String model() {
    return simulated() ? PriceTable.SIMULATED : agent.model();
  }
}
