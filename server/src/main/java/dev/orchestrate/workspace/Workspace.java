package dev.orchestrate.workspace;

import java.time.Instant;
import java.util.UUID;

/** A team's space: its agents, pipelines, executions, credits and secrets belong to it. */
public record Workspace(UUID id, String name, String slug, Instant createdAt) {}
