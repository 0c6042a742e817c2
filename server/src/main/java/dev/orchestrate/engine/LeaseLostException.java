package dev.orchestrate.engine;

/**
 * The instance no longer holds the execution (its lease expired and another instance claimed it):
 * the transaction that found out changed nothing, and the runner stops without further writes.
 */
final class LeaseLostException extends RuntimeException {
  LeaseLostException(Lease lease) {
    super("Lease lost on execution " + lease.executionId() + " (epoch " + lease.epoch() + ")");
  }
}
