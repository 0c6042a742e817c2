package dev.orchestrate.live;

import dev.orchestrate.engine.ExecutionSignals;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The engine's after-commit signals: this instance's subscribers are poked directly (no round trip
 * through PostgreSQL), the other instances through the {@link Notifier}.
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
  public void eventsCommitted(UUID executionId, UUID workspaceId, long firstSeq, long lastSeq) {
    var batch = new Batch(executionId, workspaceId, firstSeq, lastSeq);
    hub.committed(batch);
    notifier.announce(batch);
  }

  @Override
  public void workQueued() {
    notifier.wakeOthers();
  }
}
