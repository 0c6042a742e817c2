package dev.orchestrate.workspace;

import java.time.Instant;
import java.util.UUID;

/** A member of a workspace as its other members see them. */
public record Member(UUID userId, String email, String name, Role role, Instant joinedAt) {}
