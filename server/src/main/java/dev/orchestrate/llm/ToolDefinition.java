package dev.orchestrate.llm;

import tools.jackson.databind.JsonNode;

/** A tool offered to the model: its name, what it does, and its input as a JSON Schema object. */
public record ToolDefinition(String name, String description, JsonNode inputSchema) {}
