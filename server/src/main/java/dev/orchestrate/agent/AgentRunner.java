package dev.orchestrate.agent;

import dev.orchestrate.billing.CostCalculator;
import dev.orchestrate.billing.Credits;
import dev.orchestrate.billing.PriceTable;
import dev.orchestrate.billing.Reference;
import dev.orchestrate.billing.Reservation;
import dev.orchestrate.billing.TokenUsage;
import dev.orchestrate.billing.UsageTags;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.ContentBlock;
import dev.orchestrate.llm.LlmClient;
import dev.orchestrate.llm.LlmException;
import dev.orchestrate.llm.LlmListener;
import dev.orchestrate.llm.LlmMessage;
import dev.orchestrate.llm.LlmRequest;
import dev.orchestrate.llm.LlmResponse;
import dev.orchestrate.llm.ToolDefinition;
import dev.orchestrate.llm.Usage;
import dev.orchestrate.vault.SecretReader;
import dev.orchestrate.vault.SecretUse;
import dev.orchestrate.vault.SecretValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Calls an agent's model and pays for it: reserves the most the call can cost before it starts (so
 * many calls in flight can never spend past the balance), then settles what the provider reported.
 * A simulated agent is paid the same way, its cost per run only, so billing works on a fresh
 * install. Runs outside any database transaction, so no connection is held while the model thinks.
 */
@Service
public class AgentRunner {

  static final int DEFAULT_MAX_TOKENS = 4096;

  /** What {@link #promptTokens} counts for each message besides its content. */
  public static final int MESSAGE_TOKENS = 8;

  static final double DEFAULT_TEMPERATURE = 0.7;
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final LlmClient llm;
  private final Credits credits;
  private final CostCalculator costs;
  private final ApplicationEventPublisher events;
  private final SecretReader secrets;

  AgentRunner(
      LlmClient llm,
      Credits credits,
      CostCalculator costs,
      ApplicationEventPublisher events,
      SecretReader secrets) {
    this.llm = llm;
    this.credits = credits;
    this.costs = costs;
    this.events = events;
    this.secrets = secrets;
  }

  /**
   * Runs one call.
   *
   * @param chargeKey unique per call (an execution uses execution, node, attempt and agent), so a
   *     repeated call is never charged twice
   * @throws dev.orchestrate.billing.InsufficientCreditsException before the provider is called,
   *     when the workspace cannot cover the call's maximum cost
   * @throws LlmException when the call fails; what the provider reported is still charged
   */
  public AgentRun run(
      UUID workspaceId,
      Agent agent,
      List<LlmMessage> messages,
      List<ToolDefinition> tools,
      LlmListener listener,
      CallControl control,
      String chargeKey,
      Reference reference) {
    try {
      PaidCall call =
          call(
              workspaceId,
              agent,
              messages,
              tools,
              listener,
              control,
              chargeKey,
              reference,
              CallScope.OUTSIDE_EXECUTION);
      var settled = settle(call, reference, chargeKey);
      return new AgentRun(call.response(), settled.charged(), settled.balance());
    } catch (PaidCallFailed failed) {
      settle(failed.call(), reference, chargeKey);
      throw failed.failure();
    }
  }

  /**
   * Calls the model with credits reserved but not yet settled, so that the caller can settle in the
   * transaction that records the result (the engine charges exactly once per completed step).
   *
   * @param scope the execution the call belongs to, which decides the version of the workspace's
   *     own provider key it uses
   * @throws PaidCallFailed when the model call fails; it holds the reservation and the cost of what
   *     the provider reported, to settle all the same
   * @throws dev.orchestrate.vault.VaultUnavailableException when the workspace has its own key but
   *     this instance cannot decrypt it
   */
  public PaidCall call(
      UUID workspaceId,
      Agent agent,
      List<LlmMessage> messages,
      List<ToolDefinition> tools,
      LlmListener listener,
      CallControl control,
      String chargeKey,
      Reference reference,
      CallScope scope) {
    LlmRequest request = request(agent, messages, tools, workspaceKey(workspaceId, agent, scope));
    boolean simulated = agent.modelProvider() == ModelProvider.SIMULATED;
    BigDecimal max =
        costs.maxCost(
            agent.modelProvider().value(),
            agent.model(),
            promptTokens(request),
            request.maxTokens(),
            agent.costPerRun());
    Reservation reservation = null;
    // A simulated agent without a fee can cost nothing: it leaves no row in the ledger at all.
    if (!simulated || max.signum() > 0) {
      reservation =
          credits.reserve(
              workspaceId, max, described(reference, simulated), chargeKey + ":reserve");
    }
    try {
      LlmResponse response = llm.stream(request, listener, control);
      BigDecimal cost = cost(agent, response.billedUsage(), true);
      return new PaidCall(
          workspaceId,
          response,
          response.billedUsage(),
          reservation,
          cost,
          agent,
          invoked(workspaceId, agent, response.billedUsage(), cost, "completed", response.model()));
    } catch (LlmException e) {
      BigDecimal cost = cost(agent, e.billedUsage(), false);
      var invoked =
          invoked(workspaceId, agent, e.billedUsage(), cost, e.code().wire(), agent.model());
      throw new PaidCallFailed(
          e, new PaidCall(workspaceId, null, e.billedUsage(), reservation, cost, agent, invoked));
    } catch (RuntimeException e) {
      if (reservation != null) {
        credits.release(reservation, reference, chargeKey);
      }
      throw e;
    }
  }

  /**
   * Settles a paid call: inside the caller's transaction when there is one. The usage row records
   * the agent, the model (or {@code simulated}) and the tokens, and a simulated call says so in its
   * description. The call's {@code agent.invoked} audit record is written here too, so that in the
   * engine it commits with the step's charge instead of in a commit of its own per call.
   */
  public Credits.Settlement settle(PaidCall call, Reference reference, String chargeKey) {
    events.publishEvent(call.invoked());
    if (call.reservation() == null) {
      return new Credits.Settlement(BigDecimal.ZERO, credits.balance(call.workspaceId()).balance());
    }
    Usage usage = call.usage();
    var tags =
        new UsageTags(
            call.agent().id(),
            call.agent().slug(),
            call.agent().modelProvider().value(),
            call.model(),
            usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens(),
            usage.outputTokens());
    return credits.settle(
        call.reservation(), call.cost(), described(reference, call.simulated()), chargeKey, tags);
  }

  /**
   * The most one call with these messages and tools may cost: the same bound {@link #call} reserves
   * of the workspace's credits, so that a run's budget can set the same aside.
   */
  public BigDecimal maxCost(Agent agent, List<LlmMessage> messages, List<ToolDefinition> tools) {
    LlmRequest request = request(agent, messages, tools, Optional.empty());
    return costs.maxCost(
        agent.modelProvider().value(),
        agent.model(),
        promptTokens(request),
        request.maxTokens(),
        agent.costPerRun());
  }

  /**
   * cost_per_run is charged for a call the provider answered, not for one that never started; a
   * simulated call is charged its cost_per_run once it answered, and nothing for its tokens.
   */
  private BigDecimal cost(Agent agent, Usage usage, boolean answered) {
    if (agent.modelProvider() == ModelProvider.SIMULATED) {
      return answered
          ? costs.cost(PriceTable.SIMULATED, agent.model(), TokenUsage.NONE, agent.costPerRun())
          : BigDecimal.ZERO;
    }
    if (usage.equals(Usage.NONE)) {
      return BigDecimal.ZERO;
    }
    return costs.cost(
        agent.modelProvider().value(), agent.model(), tokens(usage), agent.costPerRun());
  }

  private static Reference described(Reference reference, boolean simulated) {
    return simulated
        ? new Reference(reference.type(), reference.id(), reference.description() + " (simulated)")
        : reference;
  }

  /**
   * The workspace's own key for the agent's provider, which overrides the deployment's; reading it
   * is audited ({@code secret.accessed}).
   */
  private Optional<String> workspaceKey(UUID workspaceId, Agent agent, CallScope scope) {
    String secret =
        switch (agent.modelProvider()) {
          case ANTHROPIC -> "anthropic_api_key";
          case OPENAI -> "openai_api_key";
          case SIMULATED -> null;
        };
    if (secret == null) {
      return Optional.empty();
    }
    var use =
        new SecretUse(
            "llm:" + agent.modelProvider().value(), scope.executionId(), scope.secretsAsOf());
    return secrets.read(workspaceId, secret, use).map(SecretValue::value);
  }

  static LlmRequest request(
      Agent agent, List<LlmMessage> messages, List<ToolDefinition> tools, Optional<String> apiKey) {
    var parameters = agent.parameters();
    Optional<Double> temperature =
        Optional.of(
            parameters.hasNonNull("temperature")
                ? parameters.get("temperature").asDouble()
                : DEFAULT_TEMPERATURE);
    int maxTokens = maxTokens(agent);
    Duration timeout =
        parameters.hasNonNull("timeout_ms")
            ? Duration.ofMillis(parameters.get("timeout_ms").asLong())
            : DEFAULT_TIMEOUT;
    return new LlmRequest(
        agent.modelProvider().value(),
        agent.model(),
        agent.systemPrompt(),
        messages,
        temperature,
        maxTokens,
        tools,
        timeout,
        apiKey);
  }

  /** The most tokens one call of the agent may generate: its {@code max_tokens}, or the default. */
  public static int maxTokens(Agent agent) {
    var parameters = agent.parameters();
    return parameters.hasNonNull("max_tokens")
        ? parameters.get("max_tokens").asInt()
        : DEFAULT_MAX_TOKENS;
  }

  /** What a tool's definition adds to a prompt, counted as {@link #promptTokens} counts it. */
  public static long toolTokens(ToolDefinition tool) {
    return tool.name().length()
        + tool.description().length()
        + String.valueOf(tool.inputSchema()).length();
  }

  /**
   * An upper bound of the prompt's tokens without a tokenizer: no common tokenizer makes more than
   * one token of a character (Korean comes close to one each), plus a little per message.
   */
  static long promptTokens(LlmRequest request) {
    long chars = request.system().length();
    for (LlmMessage message : request.messages()) {
      chars += MESSAGE_TOKENS;
      for (ContentBlock block : message.content()) {
        chars +=
            switch (block) {
              case ContentBlock.Text text -> text.text().length();
              case ContentBlock.ToolUse use ->
                  use.name().length() + String.valueOf(use.input()).length();
              case ContentBlock.ToolResult result -> result.content().length();
            };
      }
    }
    for (ToolDefinition tool : request.tools()) {
      chars += toolTokens(tool);
    }
    return chars;
  }

  private static TokenUsage tokens(Usage usage) {
    return new TokenUsage(
        usage.inputTokens(),
        usage.outputTokens(),
        usage.cacheWriteTokens(),
        usage.cacheReadTokens());
  }

  /** The call's {@code agent.invoked} audit record, published by {@link #settle}. */
  private static AuditEvent invoked(
      UUID workspaceId, Agent agent, Usage usage, BigDecimal cost, String status, String model) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("agent_id", agent.id());
    details.put("slug", agent.slug());
    details.put("model", model);
    details.put("status", status);
    details.put(
        "input_tokens", usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens());
    details.put("output_tokens", usage.outputTokens());
    details.put("cost", Money.normalize(cost));
    UUID actor =
        Tenancy.current()
            .filter(Tenant.User.class::isInstance)
            .map(t -> ((Tenant.User) t).userId())
            .orElse(null);
    return new AuditEvent(workspaceId, actor, "agents", "agent.invoked", details);
  }
}
