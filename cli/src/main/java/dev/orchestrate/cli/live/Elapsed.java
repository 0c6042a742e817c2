package dev.orchestrate.cli.live;

import java.time.Clock;
import java.time.Duration;

/** How long a run has taken: its own duration once over, else the time since it started. */
final class Elapsed {

  private Elapsed() {}

  static long of(RunState state, Clock clock) {
    if (state.durationMs() != null) {
      return state.durationMs();
    }
    if (state.startedAt() == null) {
      return 0;
    }
    return Math.max(0, Duration.between(state.startedAt(), clock.instant()).toMillis());
  }
}
