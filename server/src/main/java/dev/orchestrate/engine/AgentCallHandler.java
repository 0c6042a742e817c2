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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an agent_call node: each agent (several in parallel) gets the rendered prompt or the default
 * one, streams its text as coalesced events, and may use the node's tools for a few rounds.
 */
@Component
class AgentCallHandler {

  private final AgentService agents;
  private final AgentRunner runner;
  private final ToolRounds tools;
  private final EngineProperties properties;
  private final JsonMapper json;
  private final Clock clock;

  AgentCallHandler(
      AgentService agents,
      AgentRunner runner,
      ToolRounds tools,
      EngineProperties properties,
      JsonMapper json,
      Clock clock) {
    this.agents = agents;
    this.runner = runner;
    this.tools = tools;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  Outcome run(NodeContext ctx, AgentCallNode node) {
    String prompt =
        node.prompt()
            .map(t -> t.render(ctx.input(), ctx.outputs()))
            .orElseGet(() -> Prompts.byDefault(ctx, json));
    List<Agent> resolved = new ArrayList<>();
    for (String slug : node.agentSlugs()) {
      var agent = agents.findBySlug(ctx.workspaceId(), slug);
      if (agent.isEmpty()) {
        return new Outcome.Failed(
            "validation_failed", "No agent '" + slug + "' in this workspace.", false, List.of());
      }
      resolved.add(agent.get());
    }
    if (resolved.size() == 1) {
      return asOutcome(node, List.of(callAgent(ctx, node, resolved.getFirst(), prompt)));
    }
    Tenant tenant = Tenancy.current().orElseThrow();
    List<Future<AgentResult>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Agent agent : resolved) {
        futures.add(
            pool.submit(() -> Tenancy.runAs(tenant, () -> callAgent(ctx, node, agent, prompt))));
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

  private AgentResult callAgent(NodeContext ctx, AgentCallNode node, Agent agent, String prompt) {
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
      String text = tools.converse(ctx, node, agent, prompt, listener, reference, calls);
      stream.flush();
      return new AgentResult(agent.slug(), text, calls, null);
    } catch (PaidCallFailed failed) {
      stream.flush();
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
    } catch (ToolException e) {
      // The node's tools could not be listed (a server down, not started): nothing to offer the
      // model, so the attempt fails, transiently when the server may come back.
      stream.flush();
      String code = e.kind() == ErrorKind.GATEWAY_TIMEOUT ? "timeout" : "tool_error";
      return new AgentResult(
          agent.slug(),
          null,
          calls,
          new Outcome.Failed(code, e.getMessage(), e.isTransient(), List.of()));
    }
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

  private record AgentResult(
      String slug, String text, List<PaidCall> calls, Outcome.Failed failure) {}
}
