package dev.orchestrate.audit;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Walks a chain in seq order and remembers the first entry that breaks it. */
final class ChainChecker {

  /** What checking an entry's seal found. */
  sealed interface Seal {
    /** The seal matches the entry's chain, seq and hash. */
    record Holds() implements Seal {}

    /** The seal is missing or does not match: the entry was changed, or its seal was. */
    record Broken() implements Seal {}

    /**
     * The seal cannot be checked here: this instance lacks the master key version it names (a
     * retired version no longer given to it), or has no master key at all ({@code version} null).
     */
    record Unchecked(Integer version) implements Seal {}

    /** Checking only hashes and links (before sealing the entries of an upgraded chain). */
    record NotAsked() implements Seal {}
  }

  static final Seal HOLDS = new Seal.Holds();
  static final Seal BROKEN = new Seal.Broken();
  static final Seal NOT_ASKED = new Seal.NotAsked();

  private long entries;
  private long expectedSeq = 1;
  private String previousHash = AuditLog.GENESIS;
  private Long firstBad;
  private long unchecked;
  private final Set<Integer> missingKeys = new TreeSet<>();

  void next(long seq, String prevHash, String hash, String recomputed) {
    next(seq, prevHash, hash, recomputed, NOT_ASKED);
  }

  void next(long seq, String prevHash, String hash, String recomputed, Seal seal) {
    entries++;
    if (seal instanceof Seal.Unchecked(Integer version)) {
      unchecked++;
      if (version != null) {
        missingKeys.add(version);
      }
    }
    if (firstBad != null) {
      return;
    }
    if (seq != expectedSeq) {
      // Entries are missing before this one.
      firstBad = expectedSeq;
    } else if (!prevHash.equals(previousHash)
        || !hash.equals(recomputed)
        || seal instanceof Seal.Broken) {
      firstBad = seq;
    }
    expectedSeq = seq + 1;
    previousHash = hash;
  }

  /** The first bad seq so far, null while every entry holds. */
  Long firstBad() {
    return firstBad;
  }

  ChainVerification result(long headSeq) {
    return result(headSeq, 0, 0, false);
  }

  /**
   * {@code pending} entries wait to be chained, {@code stalePending} of them for too long; {@code
   * sealsChecked} says whether this instance holds a master key to check seals with.
   */
  ChainVerification result(long headSeq, long pending, long stalePending, boolean sealsChecked) {
    if (firstBad == null && headSeq >= expectedSeq) {
      // The chain once went further: its last entries were removed.
      firstBad = expectedSeq;
    }
    return new ChainVerification(
        firstBad == null && stalePending == 0 && unchecked == 0,
        entries,
        firstBad,
        pending,
        stalePending,
        unchecked,
        missingKeys.isEmpty() ? null : List.copyOf(missingKeys),
        sealsChecked);
  }
}
