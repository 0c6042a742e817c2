package dev.orchestrate.estimate;

import dev.orchestrate.agent.Agent;
import dev.orchestrate.agent.AgentRunner;
import dev.orchestrate.agent.AgentService;
import dev.orchestrate.agent.ModelProvider;
import dev.orchestrate.billing.BillingProperties;
import dev.orchestrate.billing.CostCalculator;
import dev.orchestrate.billing.ModelPrice;
import dev.orchestrate.billing.PriceTable;
import dev.orchestrate.common.Money;
import dev.orchestrate.mcp.McpProperties;
import dev.orchestrate.mcp.ToolGateway;
import dev.orchestrate.pipeline.PipelineService;
import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.NodeSpec;
import dev.orchestrate.pipeline.graph.RetrySpec;
import dev.orchestrate.pipeline.graph.ToolRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Estimates a run before it starts. The maximum counts every agent_call node the graph can reach,
 * every agent of it, each call at the most the agent runner would reserve for it (its prompt's
 * upper bound at the input price, all of {@code max_tokens} at the output price, its cost per run),
 * times its attempts, tool rounds and runs; a simulated agent at its cost per run.
 */
@Service
class CostEstimator {

  private final PipelineService pipelines;
  private final AgentService agents;
  private final CostCalculator costs;
  private final PriceTable prices;
  private final ToolGateway tools;
  private final McpProperties mcp;
  private final BillingProperties billing;
  private final TypicalCosts typicalCosts;
  private final EstimateInput inputs;
  private final JsonMapper json;
  private final TransactionTemplate transactions;

  CostEstimator(
      PipelineService pipelines,
      AgentService agents,
      CostCalculator costs,
      PriceTable prices,
      ToolGateway tools,
      McpProperties mcp,
      BillingProperties billing,
      TypicalCosts typicalCosts,
      EstimateInput inputs,
      JsonMapper json,
      PlatformTransactionManager transactionManager) {
    this.pipelines = pipelines;
    this.agents = agents;
    this.costs = costs;
    this.prices = prices;
    this.tools = tools;
    this.mcp = mcp;
    this.billing = billing;
    this.typicalCosts = typicalCosts;
    this.inputs = inputs;
    this.json = json;
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setReadOnly(true);
  }

  /**
   * @throws dev.orchestrate.common.OrchestrateException 422 when the graph or the input is invalid
   *     (as a start would find them), 404 for a pipeline the caller cannot see
   */
  Estimate estimate(UUID pipelineId, JsonNode input) {
    // No transaction is held while a tool server lists its tools.
    Loaded loaded = transactions.execute(status -> load(pipelineId, input));
    Map<String, Long> definitions = toolDefinitions(loaded);
    return compute(loaded, definitions);
  }

  private Loaded load(UUID pipelineId, JsonNode input) {
    var located = pipelines.locate(pipelineId, dev.orchestrate.workspace.Role.MEMBER);
    UUID ws = located.workspaceId();
    GraphDefinition graph = inputs.checked(ws, located.pipeline().graphDefinition(), input);
    Map<String, Agent> bySlug = new HashMap<>();
    for (NodeSpec node : graph.nodes()) {
      if (node instanceof AgentCallNode call) {
        for (String slug : call.agentSlugs()) {
          agents.findBySlug(ws, slug).ifPresent(agent -> bySlug.put(slug, agent));
        }
      }
    }
    var typical = typicalCosts.of(ws, pipelineId, located.pipeline().version());
    return new Loaded(ws, pipelineId, located.pipeline().version(), graph, input, bySlug, typical);
  }

  /**
   * What each agent_call node's tools add to a prompt: their definitions as the model is sent them,
   * listed as the run would list them.
   */
  private Map<String, Long> toolDefinitions(Loaded loaded) {
    Map<String, List<ToolGateway.ToolInfo>> listed = new HashMap<>();
    Map<String, Long> byNode = new HashMap<>();
    var scope = ToolGateway.CallScope.now(loaded.workspaceId(), mcp.callTimeout());
    for (NodeSpec node : loaded.graph().nodes()) {
      if (!(node instanceof AgentCallNode call) || call.tools().isEmpty()) {
        continue;
      }
      long size = 0;
      boolean any = false;
      for (ToolRef ref : call.tools()) {
        var offered = listed.computeIfAbsent(ref.mcp(), name -> tools.tools(scope, name));
        for (var info : offered) {
          if (info.name().equals(ref.tool())) {
            var definition =
                new dev.orchestrate.llm.ToolDefinition(
                    ref.mcp() + "__" + ref.tool(), info.description(), info.inputSchema());
            size = Tokens.plus(size, AgentRunner.toolTokens(definition));
            any = true;
          }
        }
      }
      if (any) {
        byNode.put(node.id(), size);
      }
    }
    return byNode;
  }

  private Estimate compute(Loaded loaded, Map<String, Long> definitions) {
    GraphDefinition graph = loaded.graph();
    Map<String, OutputBound> outputs = outputs(loaded, definitions);
    var prompts = new PromptBounds(loaded.input(), outputs, json);
    Map<String, Integer> runs = Runs.of(graph);
    Map<String, String> labels = new HashMap<>();
    graph.nodes().forEach(n -> labels.put(n.id(), n.label()));
    List<Estimate.NodeEstimate> nodes = new ArrayList<>();
    List<Paid> paid = new ArrayList<>();
    for (NodeSpec node : graph.nodes()) {
      if (!(node instanceof AgentCallNode call)) {
        continue;
      }
      long prompt =
          call.prompt()
              .map(prompts::template)
              .orElseGet(
                  () ->
                      prompts.byDefault(
                          ancestors(graph, call.id()).stream()
                              .map(id -> new PromptBounds.Upstream(id, labels.get(id)))
                              .toList()));
      Long tools = definitions.get(call.id());
      BigDecimal attempt = BigDecimal.ZERO;
      long calls = 0;
      for (String slug : call.agentSlugs()) {
        Agent agent = loaded.agents().get(slug);
        if (agent == null) {
          continue;
        }
        int rounds = rounds(call, agent, tools);
        for (int round = 0; round < rounds; round++) {
          attempt = attempt.add(callMax(agent, prompt, tools, round));
        }
        calls += rounds;
      }
      int attempts =
          call.retry().map(RetrySpec::maxAttempts).orElse(RetrySpec.DEFAULT_MAX_ATTEMPTS);
      int nodeRuns = runs.get(call.id());
      BigDecimal perRun = attempt.multiply(BigDecimal.valueOf(attempts));
      paid.add(new Paid(perRun, nodeRuns));
      nodes.add(
          new Estimate.NodeEstimate(
              call.id(),
              call.label(),
              Money.normalize(perRun.multiply(BigDecimal.valueOf(nodeRuns))),
              typical(loaded, call.id()),
              (long) nodeRuns * attempts * calls));
    }
    return new Estimate(
        loaded.pipelineId(),
        loaded.version(),
        Money.normalize(total(paid, graph.maxSteps())),
        loaded.typical().total() == null ? null : Money.normalize(loaded.typical().total()),
        billing.currency(),
        loaded.typical().runs(),
        nodes);
  }

  /**
   * The most one call can cost: its prompt at its upper bound (never past the model's context
   * window, which the provider refuses uncharged) and all of {@code max_tokens}. Each tool round
   * reads back what the rounds before it added: the model's output (at most {@code max_tokens}) and
   * a result of at most the MCP result cap for each tool call it asked for (at most one call per
   * output token).
   */
  private BigDecimal callMax(Agent agent, long prompt, Long tools, int round) {
    long maxTokens = AgentRunner.maxTokens(agent);
    long frame = agent.systemPrompt().length() + AgentRunner.MESSAGE_TOKENS;
    long bound = Tokens.plus(Tokens.plus(frame, prompt), tools == null ? 0 : tools);
    long roundAdds =
        Tokens.plus(
            2L * AgentRunner.MESSAGE_TOKENS + maxTokens,
            Tokens.times(maxTokens, mcp.maxResultBytes().toBytes()));
    bound = Tokens.plus(bound, Tokens.times(round, roundAdds));
    Long window = prices.find(agent.model()).map(ModelPrice::contextWindow).orElse(null);
    if (window != null) {
      bound = Math.min(bound, window);
    }
    return costs.maxCost(
        agent.modelProvider().value(), agent.model(), bound, maxTokens, agent.costPerRun());
  }

  /** A simulated agent never asks for tools; others may, for as many rounds as the node allows. */
  private static int rounds(AgentCallNode call, Agent agent, Long tools) {
    return agent.modelProvider() == ModelProvider.SIMULATED || tools == null
        ? 1
        : call.maxToolRounds();
  }

  /** What every node can put into a later prompt. */
  private Map<String, OutputBound> outputs(Loaded loaded, Map<String, Long> definitions) {
    Map<String, OutputBound> outputs = new LinkedHashMap<>();
    long cap = mcp.maxResultBytes().toBytes();
    for (NodeSpec node : loaded.graph().nodes()) {
      OutputBound bound =
          switch (node) {
            case dev.orchestrate.pipeline.graph.TriggerNode trigger ->
                new OutputBound.Exact(loaded.input());
            case dev.orchestrate.pipeline.graph.ValidationNode validation ->
                new OutputBound.Exact(loaded.input());
            case AgentCallNode call -> agentOutput(loaded, call, definitions.get(call.id()));
            // A result's JSON is cut to the cap in bytes, so it has no more characters.
            case dev.orchestrate.pipeline.graph.McpToolNode tool -> new OutputBound.Json(cap);
            // {decision, by, comment (at most 2,000 characters), decided_at}.
            case dev.orchestrate.pipeline.graph.HumanGateNode gate ->
                new OutputBound.Json(200 + OutputBound.ESCAPED * 2_000);
            case dev.orchestrate.pipeline.graph.FinalizeNode finalize -> null;
          };
      if (bound != null) {
        outputs.put(node.id(), bound);
      }
    }
    // A finalize output is a rendered template (bounded like one) or every other output.
    long everything = 2;
    for (var entry : outputs.entrySet()) {
      everything = Tokens.plus(everything, entry.getKey().length() + 4L);
      everything = Tokens.plus(everything, entry.getValue().asJson());
    }
    for (NodeSpec node : loaded.graph().nodes()) {
      if (node instanceof dev.orchestrate.pipeline.graph.FinalizeNode finalize) {
        long size =
            finalize.output().isPresent()
                ? dev.orchestrate.pipeline.graph.Template.MAX_RENDERED_LENGTH
                : Tokens.plus(
                    everything, dev.orchestrate.pipeline.graph.Template.MAX_RENDERED_LENGTH);
        outputs.put(node.id(), new OutputBound.Json(size));
      }
    }
    return outputs;
  }

  /** The text of each agent: every round's answer, joined by line breaks. */
  private static OutputBound agentOutput(Loaded loaded, AgentCallNode call, Long tools) {
    Map<String, Long> texts = new LinkedHashMap<>();
    for (String slug : call.agentSlugs()) {
      Agent agent = loaded.agents().get(slug);
      if (agent == null) {
        texts.put(slug, 0L);
        continue;
      }
      long rounds = rounds(call, agent, tools);
      texts.put(slug, Tokens.plus(Tokens.times(rounds, AgentRunner.maxTokens(agent)), rounds - 1));
    }
    return call.multiAgent()
        ? new OutputBound.ByAgent(texts)
        : new OutputBound.Text(texts.values().iterator().next());
  }

  private static BigDecimal typical(Loaded loaded, String nodeId) {
    if (loaded.typical().runs() == 0) {
      return null;
    }
    return Money.normalize(loaded.typical().nodes().getOrDefault(nodeId, BigDecimal.ZERO));
  }

  /**
   * The most all paid runs together can cost: an execution stops after {@code max_steps} node runs,
   * so the costliest runs each node can make are counted, up to that many.
   */
  private static BigDecimal total(List<Paid> paid, int maxSteps) {
    BigDecimal total = BigDecimal.ZERO;
    long left = maxSteps;
    var costliest = new ArrayList<>(paid);
    costliest.sort(Comparator.comparing(Paid::perRun).reversed());
    for (Paid node : costliest) {
      long counted = Math.min(left, node.runs());
      total = total.add(node.perRun().multiply(BigDecimal.valueOf(counted)));
      left -= counted;
    }
    return total;
  }

  /** Every node with a path to {@code nodeId}, as the default prompt quotes their results. */
  private static List<String> ancestors(GraphDefinition graph, String nodeId) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    var queue = new java.util.ArrayDeque<>(List.of(nodeId));
    while (!queue.isEmpty()) {
      for (var edge : graph.incoming(queue.poll())) {
        if (seen.add(edge.from())) {
          queue.add(edge.from());
        }
      }
    }
    seen.remove(nodeId);
    return List.copyOf(seen);
  }

  private record Paid(BigDecimal perRun, int runs) {}

  private record Loaded(
      UUID workspaceId,
      UUID pipelineId,
      int version,
      GraphDefinition graph,
      JsonNode input,
      Map<String, Agent> agents,
      TypicalCosts.Typical typical) {}
}
