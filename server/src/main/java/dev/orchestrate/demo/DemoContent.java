package dev.orchestrate.demo;

import dev.orchestrate.agent.AgentInput;
import dev.orchestrate.agent.AgentService;
import dev.orchestrate.mcp.McpConnections;
import dev.orchestrate.pipeline.PipelineInput;
import dev.orchestrate.pipeline.PipelineService;
import dev.orchestrate.workspace.WorkspaceCreated;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeds a new workspace with the demo agents and pipelines, in the transaction that creates it.
 * Agents use a real provider when its key is configured, the simulated one otherwise.
 */
@Component
class DemoContent {

  static final List<String> PIPELINES =
      List.of("grant_factory", "auto_healing", "document_verify", "osmu_marketing");

  private final AgentService agents;
  private final PipelineService pipelines;
  private final Environment environment;
  private final JsonNode agentDefinitions;
  private final List<JsonNode> pipelineDefinitions;

  DemoContent(
      AgentService agents, PipelineService pipelines, Environment environment, JsonMapper json) {
    this.agents = agents;
    this.pipelines = pipelines;
    this.environment = environment;
    var resources = new PathMatchingResourcePatternResolver();
    this.agentDefinitions = read(json, resources.getResource("classpath:demo/agents.json"));
    this.pipelineDefinitions = new ArrayList<>();
    for (String slug : PIPELINES) {
      pipelineDefinitions.add(
          read(json, resources.getResource("classpath:demo/pipelines/" + slug + ".json")));
    }
  }

  @EventListener
  @Order(McpConnections.PRESETS_ORDER + 10)
  void seed(WorkspaceCreated created) {
    for (JsonNode agent : agentDefinitions) {
      agents.provision(created.workspaceId(), agentInput(agent), created.ownerId());
    }
    for (JsonNode pipeline : pipelineDefinitions) {
      ObjectNode graph = (ObjectNode) pipeline.get("graph_definition").deepCopy();
      // The start dialog pre-fills this input; metadata is free-form in the graph format.
      graph.putObject("metadata").set("sample_input", pipeline.get("sample_input"));
      pipelines.provision(
          created.workspaceId(),
          new PipelineInput(
              pipeline.get("slug").asString(),
              pipeline.get("name").asString(),
              pipeline.get("description").asString(),
              graph),
          created.ownerId());
    }
  }

  private AgentInput agentInput(JsonNode agent) {
    String provider;
    String model;
    String choice = environment.getProperty("orchestrate.demo.provider", "auto");
    if (choice.equals("anthropic")
        || choice.equals("auto") && configured("orchestrate.llm.anthropic.api-key")) {
      provider = "anthropic";
      model = agent.get("anthropic_model").asString();
    } else if (choice.equals("openai")
        || choice.equals("auto") && configured("orchestrate.llm.openai.api-key")) {
      provider = "openai";
      model = agent.get("openai_model").asString();
    } else {
      provider = "simulated";
      model = "simulated";
    }
    return new AgentInput(
        agent.get("slug").asString(),
        agent.get("name").asString(),
        agent.get("description").asString(),
        provider,
        model,
        agent.get("system_prompt").asString(),
        agent.get("parameters"),
        new BigDecimal(agent.get("cost_per_run").asString()),
        List.of());
  }

  private boolean configured(String property) {
    String value = environment.getProperty(property);
    return value != null && !value.isBlank();
  }

  private static JsonNode read(JsonMapper json, Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Demo content missing: " + resource, e);
    }
  }
}
