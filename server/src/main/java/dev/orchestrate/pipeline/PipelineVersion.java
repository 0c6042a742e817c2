package dev.orchestrate.pipeline;

import java.time.Instant;
import java.util.UUID;

/**
 * One saved graph of a pipeline; executions pin the version they started with.
 *
 * @param createdByName the author's name, for people to read; null when they gave none, or when
 *     they no longer share a workspace with the caller (then the email is null too)
 * @param createdByEmail the author's email
 */
public record PipelineVersion(
    int version, UUID createdBy, Instant createdAt, String createdByName, String createdByEmail) {}
