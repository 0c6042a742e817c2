package dev.orchestrate.agent;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An agent as written by a caller: every field may be absent; on create the required ones are
 * checked, on update an absent field keeps its value.
 */
public record AgentInput(
    String slug,
    String name,
    String description,
    String modelProvider,
    String model,
    String systemPrompt,
    JsonNode parameters,
    BigDecimal costPerRun,
    List<ToolRef> tools) {

  /** This input laid over {@code base}: fields given here win. */
  AgentInput over(Agent base) {
    return new AgentInput(
        slug != null ? slug : base.slug(),
        name != null ? name : base.name(),
        description != null ? description : base.description(),
        modelProvider != null ? modelProvider : base.modelProvider().value(),
        model != null ? model : base.model(),
        systemPrompt != null ? systemPrompt : base.systemPrompt(),
        parameters != null ? parameters : base.parameters(),
        costPerRun != null ? costPerRun : base.costPerRun(),
        tools != null ? tools : base.tools());
  }
}
