package dev.orchestrate.live;

import java.io.IOException;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dashboard following a whole workspace: executions starting and ending, and approvals asked for
 * and given, so it learns of a waiting gate without polling. Deliveries run on a thread of their
 * own, in the order they were asked for, so that a slow dashboard never holds up the notification
 * listener (and with it every other subscriber of the instance).
 */
final class WorkspaceSubscription {

  static final Set<String> TYPES =
      Set.of("execution_start", "execution_complete", "approval_required", "approval_resolved");

  private final UUID workspaceId;
  private final Sink sink;
  private final EventReader reader;
  private final Queue<Batch> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  WorkspaceSubscription(UUID workspaceId, Sink sink, EventReader reader) {
    this.workspaceId = workspaceId;
    this.sink = sink;
    this.reader = reader;
  }

  UUID workspaceId() {
    return workspaceId;
  }

  /** Queues the events {@code first..last} of an execution for delivery; returns at once. */
  void deliver(UUID executionId, long first, long last) {
    pending.add(new Batch(executionId, first, last));
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("live-workspace-" + workspaceId).start(this::drain);
    }
  }

  private void drain() {
    try {
      Batch batch;
      while (sink.isOpen() && (batch = pending.poll()) != null) {
        for (StoredEvent event : reader.range(batch.executionId, batch.first, batch.last, TYPES)) {
          sink.send(event);
        }
      }
    } catch (ExecutionSubscription.SlowConsumerException e) {
      pending.clear();
      sink.close(ExecutionSubscription.TOO_SLOW, "too slow: reconnect");
    } catch (IOException | RuntimeException e) {
      pending.clear();
      sink.close(1011, "delivery failed: reconnect");
    } finally {
      running.set(false);
      if (!pending.isEmpty() && sink.isOpen() && running.compareAndSet(false, true)) {
        Thread.ofVirtual().name("live-workspace-" + workspaceId).start(this::drain);
      }
    }
  }

  private record Batch(UUID executionId, long first, long last) {}
}
