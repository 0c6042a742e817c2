package dev.orchestrate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of recomputing a chain: valid, or the first entry whose hash, link or place is wrong.
 * {@code entries} counts the chained entries checked, {@code pending} those still waiting to be
 * chained, {@code stalePending} those among them waiting for longer than they should (which makes
 * the chain not valid even when every chained entry holds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(
    boolean valid, long entries, Long firstBadSeq, long pending, long stalePending) {}
