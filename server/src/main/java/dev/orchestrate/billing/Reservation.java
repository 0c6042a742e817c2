package dev.orchestrate.billing;

import java.math.BigDecimal;
import java.util.UUID;

/** Credits set aside for work in flight; settled with the real cost or released. */
public record Reservation(UUID id, UUID workspaceId, BigDecimal amount) {}
