package dev.orchestrate.audit;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One entry of a workspace's audit log, as the API shows it. */
public record AuditEntry(
    UUID id,
    long seq,
    String action,
    String category,
    UUID actorId,
    JsonNode details,
    Instant createdAt,
    String prevHash,
    String hash) {}
