package dev.orchestrate.workspace;

import java.util.UUID;

/** The caller's standing in one workspace. */
public record Membership(UUID workspaceId, UUID userId, Role role) {}
