package dev.orchestrate.workspace;

import java.time.Instant;
import java.util.UUID;

/** A person who can sign in. */
public record User(UUID id, String email, String name, Instant createdAt) {}
