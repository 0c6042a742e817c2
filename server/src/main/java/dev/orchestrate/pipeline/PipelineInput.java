package dev.orchestrate.pipeline;

import tools.jackson.databind.JsonNode;

/** A pipeline as written by a caller; on update an absent field keeps its value. */
public record PipelineInput(
    String slug, String name, String description, JsonNode graphDefinition) {}
