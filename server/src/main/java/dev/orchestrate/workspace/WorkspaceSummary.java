package dev.orchestrate.workspace;

import java.time.Instant;
import java.util.UUID;

/** A workspace as listed for one of its members, with that member's role. */
public record WorkspaceSummary(UUID id, String name, String slug, Role role, Instant createdAt) {}
