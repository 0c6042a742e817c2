package dev.orchestrate.pipeline;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A pipeline as the API shows it, with the graph of its current version. */
public record Pipeline(
    UUID id,
    String slug,
    String name,
    String description,
    JsonNode graphDefinition,
    int version,
    Instant createdAt,
    Instant updatedAt) {}
