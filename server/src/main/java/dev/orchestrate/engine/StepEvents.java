package dev.orchestrate.engine;

import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events a node emits while it runs (streamed text, tool calls), each committed at once in a small
 * transaction of its own, guarded by the lease like every other write.
 */
final class StepEvents {

  private final Lease lease;
  private final EventLog log;
  private final TransactionTemplate transactions;

  StepEvents(Lease lease, EventLog log, TransactionTemplate transactions) {
    this.lease = lease;
    this.log = log;
    this.transactions = transactions;
  }

  void emit(EngineEvent event) {
    transactions.executeWithoutResult(status -> log.append(lease, List.of(event)));
  }
}
