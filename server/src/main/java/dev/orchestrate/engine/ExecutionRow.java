package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An execution row as the engine and the API read it.
 *
 * @param totalCost what the run spent: the charges of every step attempt so far
 * @param budget the most the run may spend, in credits; null when unlimited
 * @param secretsAsOf its steps read the secret versions in effect at this instant: its creation, or
 *     its last retry
 */
record ExecutionRow(
    UUID id,
    UUID workspaceId,
    UUID pipelineId,
    int pipelineVersion,
    ExecutionStatus status,
    JsonNode input,
    JsonNode output,
    JsonNode error,
    BigDecimal totalCost,
    BigDecimal budget,
    long inputTokens,
    long outputTokens,
    String idempotencyKey,
    String requestHash,
    int nodeRuns,
    boolean cancelRequested,
    long version,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant secretsAsOf) {}
