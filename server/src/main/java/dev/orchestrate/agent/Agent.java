package dev.orchestrate.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An agent as the API shows it. */
public record Agent(
    UUID id,
    String slug,
    String name,
    String description,
    ModelProvider modelProvider,
    String model,
    String systemPrompt,
    JsonNode parameters,
    BigDecimal costPerRun,
    List<ToolRef> tools,
    Instant createdAt,
    Instant updatedAt) {}
