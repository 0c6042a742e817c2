package dev.orchestrate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events a node emits while it runs (streamed text, tool calls), each committed at once in a small
 * transaction of its own, guarded by the lease like every other write; or, for what a node emits as
 * it ends (the last streamed chunk), held for the transaction that records the attempt's outcome,
 * so that a short answer costs no commit of its own.
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

  private final List<EngineEvent> held = new ArrayList<>();

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

  /** Written with the attempt's outcome ({@link #takeHeld}), before its own events. */
  synchronized void hold(EngineEvent event) {
    held.add(event);
  }

  /** Drops the held events: the outcome they were to be written with could not be stored. */
  synchronized void discardHeld() {
    held.clear();
  }

  /**
   * The held events, for the transaction that records the outcome; they come back if it rolls back
   * (an outcome the database refuses is then recorded as a failure, with them).
   */
  synchronized List<EngineEvent> takeHeld() {
    List<EngineEvent> taken = List.copyOf(held);
    held.clear();
    if (!taken.isEmpty() && TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              if (status != STATUS_COMMITTED) {
                synchronized (StepEvents.this) {
                  held.addAll(0, taken);
                }
              }
            }
          });
    }
    return taken;
  }
}
