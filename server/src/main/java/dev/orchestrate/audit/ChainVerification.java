package dev.orchestrate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of recomputing a chain: valid, or the first entry whose hash, link or place is wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean valid, long entries, Long firstBadSeq) {}
