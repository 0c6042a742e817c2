package dev.orchestrate.audit;

/** Walks a chain in seq order and remembers the first entry that breaks it. */
final class ChainChecker {

  private long entries;
  private long expectedSeq = 1;
  private String previousHash = AuditLog.GENESIS;
  private Long firstBad;

  void next(long seq, String prevHash, String hash, String recomputed) {
    entries++;
    if (firstBad != null) {
      return;
    }
    if (seq != expectedSeq) {
      // Entries are missing before this one.
      firstBad = expectedSeq;
    } else if (!prevHash.equals(previousHash) || !hash.equals(recomputed)) {
      firstBad = seq;
    }
    expectedSeq = seq + 1;
    previousHash = hash;
  }

  ChainVerification result(long headSeq) {
    return result(headSeq, 0, 0);
  }

  /** {@code pending} entries wait to be chained, {@code stalePending} of them for too long. */
  ChainVerification result(long headSeq, long pending, long stalePending) {
    if (firstBad == null && headSeq >= expectedSeq) {
      // The chain once went further: its last entries were removed.
      firstBad = expectedSeq;
    }
    return new ChainVerification(
        firstBad == null && stalePending == 0, entries, firstBad, pending, stalePending);
  }
}
