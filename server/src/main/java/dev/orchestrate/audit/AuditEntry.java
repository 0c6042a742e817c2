package dev.orchestrate.audit;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a workspace's audit log, as the API shows it; {@code seq}, {@code prevHash} and
 * {@code hash} are null while the entry waits to be chained (moments after its action commits).
 */
public record AuditEntry(
    UUID id,
    Long seq,
    String action,
    String category,
    UUID actorId,
    JsonNode details,
    Instant createdAt,
    String prevHash,
    String hash) {}
