package dev.orchestrate.live;

import dev.orchestrate.engine.ExecutionSignals;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The engine's after-commit signals: this instance's subscribers get the committed events straight
 * from memory (no round trip through PostgreSQL), the other instances a notification through the
 * {@link Notifier}.
 */
@Component
class Announcer implements ExecutionSignals {

  private final LiveHub hub;
  private final Notifier notifier;

  Announcer(LiveHub hub, Notifier notifier) {
    this.hub = hub;
    this.notifier = notifier;
  }

  @Override
  public void eventsCommitted(
      UUID executionId,
      UUID workspaceId,
      long firstSeq,
      long lastSeq,
      List<ExecutionSignals.Committed> events) {
    var batch = new Batch(executionId, workspaceId, firstSeq, lastSeq);
    // Printed as PostgreSQL prints jsonb only for someone here to send it to: an execution nobody
    // follows on this instance costs its commit nothing more. A subscriber arriving just after the
    // check is poked and reads the events from the table, like any other late joiner.
    if (events.size() == lastSeq - firstSeq + 1 && hub.isFollowed(executionId)) {
      hub.committed(
          batch,
          events.stream()
              .map(e -> new StoredEvent(e.seq(), e.type(), JsonbText.of(e.json())))
              .toList());
    } else {
      hub.committed(batch);
    }
    notifier.announce(batch);
  }

  @Override
  public void workQueued() {
    notifier.wakeOthers();
  }
}
