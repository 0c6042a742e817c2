package dev.orchestrate.engine;

import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events a node emits while it runs (streamed text, tool calls), each committed at once in a small
 * transaction of its own, guarded by the lease like every other write.
 */
final class StepEvents {

  private final Lease lease;
  private final EventLog log;
  private final StepRepository steps;
  private final TransactionTemplate transactions;

  StepEvents(Lease lease, EventLog log, StepRepository steps, TransactionTemplate transactions) {
    this.lease = lease;
    this.log = log;
    this.steps = steps;
    this.transactions = transactions;
  }

  void emit(EngineEvent event) {
    transactions.executeWithoutResult(status -> log.append(lease, List.of(event)));
  }

  /** A finished tool call: its event, and its record appended to the step's {@code tool_calls}. */
  void emitToolCall(UUID stepId, EngineEvent event, String recordJson) {
    transactions.executeWithoutResult(
        status -> {
          log.append(lease, List.of(event));
          steps.appendToolCall(stepId, recordJson);
        });
  }
}
