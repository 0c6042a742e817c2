package dev.orchestrate.engine;

import dev.orchestrate.agent.Agent;
import dev.orchestrate.agent.AgentRun;
import dev.orchestrate.agent.AgentRunner;
import dev.orchestrate.agent.AgentService;
import dev.orchestrate.agent.ReplyStream;
import dev.orchestrate.billing.Credits;
import dev.orchestrate.billing.InsufficientCreditsException;
import dev.orchestrate.billing.Reference;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.LlmMessage;
import dev.orchestrate.pipeline.PipelineService;
import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.GraphException;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one agent_call node of a graph alone, with sample input and upstream outputs the caller
 * gives: the prompt is rendered by {@link AgentCallHandler} as a run would render it, and each
 * agent's call is paid like a direct invocation (reserved, then settled, one usage row each).
 * Streams {@code chunk} events as text arrives, then {@code done} or {@code error}.
 *
 * <p>The node's MCP tools are not offered in a trial: a tool call has effects (a Slack message, a
 * file) that trying a prompt should not have. {@code done} says so ({@code tools_offered}).
 */
@Service
class NodeTrials {

  private final PipelineService pipelines;
  private final WorkspaceAccess access;
  private final AgentService agents;
  private final AgentRunner runner;
  private final AgentCallHandler handler;
  private final Credits credits;
  private final ApplicationEventPublisher audit;
  private final JsonMapper json;

  NodeTrials(
      PipelineService pipelines,
      WorkspaceAccess access,
      AgentService agents,
      AgentRunner runner,
      AgentCallHandler handler,
      Credits credits,
      ApplicationEventPublisher audit,
      JsonMapper json) {
    this.pipelines = pipelines;
    this.access = access;
    this.agents = agents;
    this.runner = runner;
    this.handler = handler;
    this.credits = credits;
    this.audit = audit;
    this.json = json;
  }

  /** A trial checked and ready to call its agents. */
  record Trial(
      UUID id,
      UUID workspaceId,
      UUID pipelineId,
      AgentCallNode node,
      List<Agent> agents,
      String prompt) {}

  /**
   * Checks the request and renders the prompt, in the caller's request: every refusal (403, 404,
   * 402, 422) is an ordinary problem answer, before any event is streamed. One transaction: the
   * workspace's rows are visible only in one, and the audit entry commits with the checks.
   */
  @Transactional
  Trial prepare(
      UUID pipelineId,
      UUID workspaceId,
      JsonNode graph,
      String nodeId,
      JsonNode input,
      Map<String, JsonNode> steps) {
    UUID ws;
    if (pipelineId != null) {
      var located = pipelines.locate(pipelineId, Role.MEMBER);
      ws = located.workspaceId();
      if (graph == null || graph.isNull()) {
        graph = located.pipeline().graphDefinition();
      }
    } else if (workspaceId != null) {
      access.require(workspaceId, Role.MEMBER);
      ws = workspaceId;
    } else {
      throw OrchestrateException.invalid("pipeline_id", "pipeline_id or workspace_id is required");
    }
    if (graph == null || graph.isNull()) {
      throw OrchestrateException.invalid("graph_definition", "is required");
    }
    if (nodeId == null || nodeId.isBlank()) {
      throw OrchestrateException.invalid("node_id", "is required");
    }
    JsonNode body = input == null || input.isNull() ? json.createObjectNode() : input;
    if (!body.isObject()) {
      throw OrchestrateException.invalid("input", "must be a JSON object");
    }
    var validation = pipelines.validateGraph(ws, graph);
    if (!validation.valid()) {
      throw OrchestrateException.invalid(validation.fieldProblems());
    }
    GraphDefinition definition = validation.graph().orElseThrow();
    var spec = definition.node(nodeId);
    if (spec.isEmpty()) {
      throw OrchestrateException.invalid("node_id", "no node '" + nodeId + "' in the graph");
    }
    if (!(spec.get() instanceof AgentCallNode node)) {
      throw OrchestrateException.invalid(
          "node_id",
          "'"
              + nodeId
              + "' is a "
              + spec.get().type()
              + " node; only an agent_call node can be tried alone");
    }
    List<Agent> resolved = new ArrayList<>();
    for (String slug : node.agentSlugs()) {
      resolved.add(
          agents
              .findBySlug(ws, slug)
              .orElseThrow(
                  () -> OrchestrateException.invalid("node_id", "no agent '" + slug + "'")));
    }
    String prompt;
    try {
      prompt = handler.prompt(context(ws, definition, node, body, steps), node);
    } catch (GraphException e) {
      throw OrchestrateException.invalid("steps", e.getMessage());
    }
    BigDecimal needed = BigDecimal.ZERO;
    for (Agent agent : resolved) {
      needed = needed.add(runner.maxCost(agent, List.of(LlmMessage.user(prompt)), List.of()));
    }
    BigDecimal available = credits.balance(ws).available();
    if (available.compareTo(needed) < 0) {
      throw new InsufficientCreditsException(available, Money.normalize(needed));
    }
    var trial = new Trial(UUID.randomUUID(), ws, pipelineId, node, List.copyOf(resolved), prompt);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("trial_id", trial.id());
    if (pipelineId != null) {
      details.put("pipeline_id", pipelineId);
    }
    details.put("node_id", node.id());
    details.put("agent_slugs", node.agentSlugs());
    audit.publishEvent(
        new AuditEvent(ws, Tenancy.currentUserId(), "pipelines", "pipeline.node_tried", details));
    return trial;
  }

  /** What the node would see in a run: the given outputs of nodes that lead to it. */
  private static NodeContext context(
      UUID ws,
      GraphDefinition graph,
      AgentCallNode node,
      JsonNode input,
      Map<String, JsonNode> steps) {
    Map<String, String> labels = new HashMap<>();
    graph.nodes().forEach(n -> labels.put(n.id(), n.label()));
    Set<String> upstream = new HashSet<>(Plan.ancestorsOf(graph, node.id()));
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    if (steps != null) {
      steps.forEach(
          (id, output) -> {
            if (graph.node(id).isPresent()) {
              outputs.put(id, output);
            }
          });
    }
    return new NodeContext(
        null,
        null,
        ws,
        input,
        node,
        null,
        1,
        1,
        outputs,
        Map.copyOf(labels),
        Set.copyOf(upstream),
        new CallControl(),
        null,
        null,
        null,
        null,
        null);
  }

  /** Streams the trial's calls on a virtual thread; the client going away cancels the call. */
  SseEmitter stream(Trial trial) {
    return ReplyStream.start("node-trial", (emitter, control) -> run(trial, emitter, control));
  }

  private void run(Trial trial, SseEmitter emitter, CallControl control) throws IOException {
    long in = 0;
    long out = 0;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal remaining = null;
    boolean simulated = true;
    ObjectNode byAgent = json.createObjectNode();
    for (Agent agent : trial.agents()) {
      var reference =
          new Reference(
              "node_trial",
              trial.id().toString(),
              "Try " + trial.node().label() + " · " + agent.slug());
      AgentRun run =
          runner.run(
              trial.workspaceId(),
              agent,
              List.of(LlmMessage.user(trial.prompt())),
              List.of(),
              event ->
                  ReplyStream.send(emitter, control, Map.of("agent_slug", agent.slug()), event),
              control,
              "try:" + trial.id() + ":" + agent.slug(),
              reference);
      var usage = run.response().usage();
      in += usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
      out += usage.outputTokens();
      cost = cost.add(run.cost());
      remaining = run.creditsRemaining();
      simulated &= run.response().model().startsWith("simulated:");
      byAgent.put(agent.slug(), run.response().text());
    }
    Map<String, Object> done = new LinkedHashMap<>();
    done.put(
        "output",
        trial.node().multiAgent() ? byAgent : byAgent.get(trial.agents().getFirst().slug()));
    done.put("input_tokens", in);
    done.put("output_tokens", out);
    done.put("cost", Money.normalize(cost));
    done.put("credits_remaining", remaining == null ? null : Money.normalize(remaining));
    done.put("prompt", handler.sent(trial.agents(), trial.prompt()));
    done.put("simulated", simulated);
    done.put("tools_offered", false);
    emitter.send(SseEmitter.event().name("done").data(done, MediaType.APPLICATION_JSON));
    emitter.complete();
  }
}
