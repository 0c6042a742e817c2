package dev.orchestrate.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the append-only ledger. {@code amount} is signed as it moves the balance (grants
 * positive, usage negative); reservations and releases move only the reserved total.
 */
public record LedgerEntry(
    UUID id,
    String type,
    BigDecimal amount,
    BigDecimal balanceAfter,
    String description,
    String referenceId,
    String referenceType,
    Instant createdAt) {}
