package dev.orchestrate.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Joins a model's text deltas into chunks of about {@code interval} (≈10 a second), so that a
 * token-by-token stream does not become one stored event per token.
 *
 * <p>The first interval starts with the first text, not when the call does: the wait for the
 * model's first token is not streaming. Counted, it made the first delta of every answer a commit
 * of its own, taken on the thread that reads the model's stream, so that an answer streamed within
 * one interval cost two commits instead of the outcome's one (issue 15: with 200 runs at once,
 * those commits queued for a pooled connection while the model's stream waited unread).
 */
final class StreamCoalescer {

  private final StepEvents events;
  private final String nodeId;
  private final String agentSlug;
  private final Duration interval;
  private final Clock clock;
  private final StringBuilder buffer = new StringBuilder();

  /** When text was last stored; null until the first text (and again after a discard). */
  private Instant lastFlush;

  StreamCoalescer(
      StepEvents events, String nodeId, String agentSlug, Duration interval, Clock clock) {
    this.events = events;
    this.nodeId = nodeId;
    this.agentSlug = agentSlug;
    this.interval = interval;
    this.clock = clock;
  }

  synchronized void add(String text) {
    buffer.append(text);
    Instant now = clock.instant();
    if (lastFlush == null) {
      lastFlush = now;
    } else if (!now.isBefore(lastFlush.plus(interval))) {
      flush();
    }
  }

  /**
   * Text not yet stored belongs to an attempt that failed: it is dropped, not sent. The next
   * attempt's wait for its first token is not counted either.
   */
  synchronized void discard() {
    buffer.setLength(0);
    lastFlush = null;
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
