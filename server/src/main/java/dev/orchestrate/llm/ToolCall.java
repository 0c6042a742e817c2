package dev.orchestrate.llm;

import tools.jackson.databind.JsonNode;

/** A tool call the model made, with its complete input. */
public record ToolCall(String id, String name, JsonNode input) {}
