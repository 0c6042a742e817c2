package dev.orchestrate.live;

import java.util.Set;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under notifications: every {@code poll-interval}, one query reads the last seq of
 * every execution followed here, and only the subscribers behind it read their events.
 */
@Component
class CatchUp {

  private final LiveHub hub;
  private final EventReader reader;

  CatchUp(LiveHub hub, EventReader reader) {
    this.hub = hub;
    this.reader = reader;
  }

  @Scheduled(fixedDelayString = "${orchestrate.live.poll-interval:2s}")
  void sweep() {
    Set<UUID> followed = hub.followed();
    if (!followed.isEmpty()) {
      hub.catchUp(reader.lastSeqs(followed));
    }
  }
}
