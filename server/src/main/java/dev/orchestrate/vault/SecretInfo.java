package dev.orchestrate.vault;

import java.time.Instant;

/** A secret as the API lists it: everything about it but its value. */
record SecretInfo(
    String name, int version, Instant createdAt, Instant updatedAt, Instant lastUsedAt) {}
