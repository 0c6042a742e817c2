package dev.orchestrate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result of recomputing a chain: valid, or the first entry whose hash, link, seal or place is
 * wrong. {@code entries} counts the chained entries checked, {@code pending} those still waiting to
 * be chained, {@code stalePending} those among them waiting for longer than they should (which
 * makes the chain not valid even when every chained entry holds). {@code unverifiedSeals} counts
 * the entries whose seal this instance could not check, because it lacks the master key version the
 * seal names ({@code missingSealKeys}; a retired version no longer given to it): not a sign of
 * tampering, but the chain cannot be vouched for, so not valid. {@code sealsChecked} is false on an
 * instance without a master key (an external database given none): it seals nothing, and its
 * verdict rests on hashes and links alone, which someone able to write the database can recompute.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(
    boolean valid,
    long entries,
    Long firstBadSeq,
    long pending,
    long stalePending,
    long unverifiedSeals,
    List<Integer> missingSealKeys,
    boolean sealsChecked) {}
