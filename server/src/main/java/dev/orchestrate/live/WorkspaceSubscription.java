package dev.orchestrate.live;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/**
 * A dashboard following a whole workspace: executions starting and ending, and approvals asked for
 * and given, so it learns of a waiting gate without polling.
 */
final class WorkspaceSubscription {

  static final Set<String> TYPES =
      Set.of("execution_start", "execution_complete", "approval_required", "approval_resolved");

  private final UUID workspaceId;
  private final Sink sink;
  private final EventReader reader;

  WorkspaceSubscription(UUID workspaceId, Sink sink, EventReader reader) {
    this.workspaceId = workspaceId;
    this.sink = sink;
    this.reader = reader;
  }

  UUID workspaceId() {
    return workspaceId;
  }

  synchronized void deliver(UUID executionId, long first, long last) {
    if (!sink.isOpen()) {
      return;
    }
    try {
      for (StoredEvent event : reader.range(executionId, first, last, TYPES)) {
        sink.send(event);
      }
    } catch (ExecutionSubscription.SlowConsumerException e) {
      sink.close(ExecutionSubscription.TOO_SLOW, "too slow: reconnect");
    } catch (IOException | RuntimeException e) {
      sink.close(1011, "delivery failed: reconnect");
    }
  }
}
