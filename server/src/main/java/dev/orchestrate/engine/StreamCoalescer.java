package dev.orchestrate.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Joins a model's text deltas into chunks of about {@code interval} (≈10 a second), so that a
 * token-by-token stream does not become one stored event per token.
 */
final class StreamCoalescer {

  private final StepEvents events;
  private final String nodeId;
  private final String agentSlug;
  private final Duration interval;
  private final Clock clock;
  private final StringBuilder buffer = new StringBuilder();
  private Instant lastFlush;

  StreamCoalescer(
      StepEvents events, String nodeId, String agentSlug, Duration interval, Clock clock) {
    this.events = events;
    this.nodeId = nodeId;
    this.agentSlug = agentSlug;
    this.interval = interval;
    this.clock = clock;
    this.lastFlush = clock.instant();
  }

  synchronized void add(String text) {
    buffer.append(text);
    if (!clock.instant().isBefore(lastFlush.plus(interval))) {
      flush();
    }
  }

  /** Text not yet stored belongs to an attempt that failed: it is dropped, not sent. */
  synchronized void discard() {
    buffer.setLength(0);
  }

  synchronized void flush() {
    lastFlush = clock.instant();
    chunk().ifPresent(events::emit);
  }

  /**
   * The stream ended: what is left is stored with the attempt's outcome, in the same commit (a
   * monitor sees it a moment later, just before the step completes).
   */
  synchronized void finish() {
    lastFlush = clock.instant();
    chunk().ifPresent(events::hold);
  }

  private java.util.Optional<EngineEvent> chunk() {
    if (buffer.isEmpty()) {
      return java.util.Optional.empty();
    }
    String chunk = buffer.toString();
    buffer.setLength(0);
    return java.util.Optional.of(
        EngineEvent.of(
            "agent_streaming", "node_id", nodeId, "agent_slug", agentSlug, "chunk", chunk));
  }
}
