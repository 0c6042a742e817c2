package dev.orchestrate.engine;

import dev.orchestrate.agent.Agent;
import dev.orchestrate.agent.AgentRunner;
import dev.orchestrate.agent.AgentService;
import dev.orchestrate.agent.PaidCall;
import dev.orchestrate.agent.PaidCallFailed;
import dev.orchestrate.billing.InsufficientCreditsException;
import dev.orchestrate.billing.Reference;
import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.llm.LlmEvent;
import dev.orchestrate.llm.LlmException;
import dev.orchestrate.llm.LlmListener;
import dev.orchestrate.mcp.ToolException;
import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.OnBudget;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an agent_call node: each agent (several in parallel) gets the rendered prompt or the default
 * one, streams its text as coalesced events, and may use the node's tools for a few rounds.
 */
@Component
class AgentCallHandler {

  /** The error code of a step stopped by its run's budget. */
  static final String BUDGET_EXCEEDED = "budget_exceeded";

  private final AgentService agents;
  private final AgentRunner runner;
  private final ToolRounds tools;
  private final NodeBudgets budgets;
  private final EngineProperties properties;
  private final JsonMapper json;
  private final Clock clock;

  AgentCallHandler(
      AgentService agents,
      AgentRunner runner,
      ToolRounds tools,
      NodeBudgets budgets,
      EngineProperties properties,
      JsonMapper json,
      Clock clock) {
    this.agents = agents;
    this.runner = runner;
    this.tools = tools;
    this.budgets = budgets;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  Outcome run(NodeContext ctx, AgentCallNode node) {
    String prompt = prompt(ctx, node);
    List<Agent> resolved = new ArrayList<>();
    for (String slug : node.agentSlugs()) {
      var agent = agents.findBySlug(ctx.workspaceId(), slug);
      if (agent.isEmpty()) {
        return new Outcome.Failed(
            "validation_failed", "No agent '" + slug + "' in this workspace.", false, List.of());
      }
      resolved.add(agent.get());
    }
    return withPrompt(converse(ctx, node, resolved, prompt), sent(resolved, prompt));
  }

  /**
   * The user message the node sends: its rendered template, or by default the input and upstream
   * results. A node tried alone ({@link NodeTrials}) renders it here too, so that it is the same.
   *
   * @throws dev.orchestrate.pipeline.graph.GraphException when a referenced value is missing
   */
  String prompt(NodeContext ctx, AgentCallNode node) {
    return node.prompt()
        .map(t -> t.render(ctx.input(), ctx.outputs()))
        .orElseGet(() -> Prompts.byDefault(ctx, json));
  }

  /** The agents' conversations, once the prompt is rendered and every agent found. */
  private Outcome converse(
      NodeContext ctx, AgentCallNode node, List<Agent> resolved, String prompt) {
    ToolRounds.Toolset toolset;
    try {
      toolset = tools.toolset(ctx, node);
    } catch (ToolException e) {
      return toolFailure(e, List.of());
    }
    BudgetHold hold;
    switch (admit(ctx, node, resolved, prompt, toolset)) {
      case NodeBudgets.Admission.Admitted admitted -> hold = admitted.hold();
      case NodeBudgets.Admission.Short ranShort -> {
        return ctx.onBudget() == OnBudget.FAIL
            ? new Outcome.Failed(
                BUDGET_EXCEEDED,
                ranShort.over().message() + " The pipeline fails a run that runs short.",
                false,
                List.of())
            : ranShort.over();
      }
      case NodeBudgets.Admission.Stopped stopped -> {
        return new Outcome.Failed("cancelled", "The step was stopped.", false, List.of());
      }
    }
    var turn = new Turn(prompt, toolset, hold);
    if (resolved.size() == 1) {
      return asOutcome(node, List.of(callAgent(ctx, node, resolved.getFirst(), turn)));
    }
    Tenant tenant = Tenancy.current().orElseThrow();
    List<Future<AgentResult>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Agent agent : resolved) {
        futures.add(
            pool.submit(() -> Tenancy.runAs(tenant, () -> callAgent(ctx, node, agent, turn))));
      }
    }
    List<AgentResult> results = new ArrayList<>();
    for (Future<AgentResult> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return asOutcome(node, results);
  }

  /**
   * What the node sends each agent first, for its step's {@code prompt}: every agent's system
   * prompt (agent configuration, never a secret) and the one user message rendered from the input
   * and upstream outputs. Tool rounds add messages the step's {@code tool_calls} describe.
   */
  ArrayNode sent(List<Agent> resolved, String prompt) {
    ArrayNode messages = json.createArrayNode();
    for (Agent agent : resolved) {
      if (agent.systemPrompt() != null && !agent.systemPrompt().isBlank()) {
        messages
            .addObject()
            .put("role", "system")
            .put("agent_slug", agent.slug())
            .put("content", agent.systemPrompt());
      }
    }
    messages.addObject().put("role", "user").put("content", prompt);
    return messages;
  }

  private static Outcome withPrompt(Outcome outcome, JsonNode prompt) {
    return switch (outcome) {
      case Outcome.Completed done -> new Outcome.Completed(done.output(), done.calls(), prompt);
      case Outcome.Failed failed ->
          new Outcome.Failed(
              failed.code(), failed.message(), failed.retryable(), failed.calls(), prompt);
      default -> outcome;
    };
  }

  /** Sets the most the node's calls may cost aside in the run's budget, when it has one. */
  private NodeBudgets.Admission admit(
      NodeContext ctx,
      AgentCallNode node,
      List<Agent> agents,
      String prompt,
      ToolRounds.Toolset toolset) {
    BigDecimal needed = BigDecimal.ZERO;
    if (ctx.budget() != null) {
      for (Agent agent : agents) {
        needed = needed.add(tools.maxCost(node, agent, prompt, toolset));
      }
    }
    return budgets.admit(ctx, needed);
  }

  private AgentResult callAgent(NodeContext ctx, AgentCallNode node, Agent agent, Turn turn) {
    var stream =
        new StreamCoalescer(
            ctx.events(), ctx.node().id(), agent.slug(), properties.streamFlush(), clock);
    LlmListener listener =
        event -> {
          switch (event) {
            case LlmEvent.TextDelta delta -> stream.add(delta.text());
            case LlmEvent.AttemptRestarted restarted -> {
              stream.discard();
              ctx.events()
                  .emit(
                      EngineEvent.of(
                          "step_start",
                          "node_id",
                          node.id(),
                          "label",
                          node.label(),
                          "attempt",
                          ctx.attempt(),
                          "restarted",
                          true,
                          "agent_slug",
                          agent.slug()));
            }
            default -> {}
          }
        };
    var reference =
        new Reference(
            "pipeline_execution",
            ctx.executionId().toString(),
            node.label() + " · " + agent.slug());
    List<PaidCall> calls = new ArrayList<>();
    try {
      String text =
          tools.converse(
              ctx,
              node,
              agent,
              turn.prompt(),
              turn.tools(),
              turn.budget(),
              listener,
              reference,
              calls);
      stream.finish();
      return new AgentResult(agent.slug(), text, calls, null);
    } catch (PaidCallFailed failed) {
      stream.finish();
      calls.add(failed.call());
      LlmException cause = failed.failure();
      return new AgentResult(
          agent.slug(),
          null,
          calls,
          new Outcome.Failed(cause.code().wire(), cause.getMessage(), retryable(cause), List.of()));
    } catch (InsufficientCreditsException e) {
      return new AgentResult(
          agent.slug(),
          null,
          calls,
          new Outcome.Failed("insufficient_credits", e.getMessage(), false, List.of()));
    } catch (BudgetHold.BudgetExhaustedException e) {
      stream.finish();
      return new AgentResult(
          agent.slug(),
          null,
          calls,
          new Outcome.Failed(BUDGET_EXCEEDED, e.getMessage(), false, List.of()));
    } catch (ToolException e) {
      stream.finish();
      return new AgentResult(agent.slug(), null, calls, toolFailure(e, List.of()));
    }
  }

  /**
   * The node's tools could not be listed (a server down, not started): nothing to offer the model,
   * so the attempt fails, transiently when the server may come back.
   */
  private static Outcome.Failed toolFailure(ToolException e, List<PaidCall> calls) {
    String code = e.kind() == ErrorKind.GATEWAY_TIMEOUT ? "timeout" : "tool_error";
    return new Outcome.Failed(code, e.getMessage(), e.isTransient(), calls);
  }

  private Outcome asOutcome(AgentCallNode node, List<AgentResult> results) {
    List<PaidCall> calls = results.stream().flatMap(r -> r.calls().stream()).toList();
    for (AgentResult result : results) {
      if (result.failure() != null) {
        var failure = result.failure();
        return new Outcome.Failed(
            failure.code(), result.slug() + ": " + failure.message(), failure.retryable(), calls);
      }
    }
    if (!node.multiAgent()) {
      return new Outcome.Completed(
          json.getNodeFactory().stringNode(results.getFirst().text()), calls);
    }
    ObjectNode output = json.createObjectNode();
    results.forEach(r -> output.put(r.slug(), r.text()));
    return new Outcome.Completed(output, calls);
  }

  /** Timeouts and transient provider faults may pass on another attempt; a refused key will not. */
  static boolean retryable(LlmException e) {
    return switch (e.code()) {
      case TIMEOUT -> true;
      case CANCELLED -> false;
      case PROVIDER_ERROR -> e.httpStatus() == 0 || e.httpStatus() == 429 || e.httpStatus() >= 500;
    };
  }

  /** What every agent of the node shares: the prompt, the tools offered, the budget share. */
  private record Turn(String prompt, ToolRounds.Toolset tools, BudgetHold budget) {}

  private record AgentResult(
      String slug, String text, List<PaidCall> calls, Outcome.Failed failure) {}
}
