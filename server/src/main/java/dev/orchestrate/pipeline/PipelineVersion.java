package dev.orchestrate.pipeline;

import java.time.Instant;
import java.util.UUID;

/** One saved graph of a pipeline; executions pin the version they started with. */
public record PipelineVersion(int version, UUID createdBy, Instant createdAt) {}
