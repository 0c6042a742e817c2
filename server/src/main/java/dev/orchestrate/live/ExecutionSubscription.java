package dev.orchestrate.live;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client following one execution from a cursor. Every delivery reads the table after the
 * cursor, so the first one is the replay and later ones are live: no gap and no duplicate at the
 * seam. Pokes while a delivery runs are folded into one more pass, never run in parallel.
 */
final class ExecutionSubscription {

  /** Sent when a client cannot keep up: it reconnects with {@code after} and misses nothing. */
  static final int TOO_SLOW = 4008;

  private static final Logger log = LoggerFactory.getLogger(ExecutionSubscription.class);

  private final UUID executionId;
  private final Sink sink;
  private final EventReader reader;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile long cursor;

  ExecutionSubscription(UUID executionId, long after, Sink sink, EventReader reader) {
    this.executionId = executionId;
    this.cursor = after;
    this.sink = sink;
    this.reader = reader;
  }

  UUID executionId() {
    return executionId;
  }

  /** The seq of the last event delivered. */
  long cursor() {
    return cursor;
  }

  boolean isOpen() {
    return sink.isOpen();
  }

  /** Asks for a delivery pass; returns at once. */
  void poke() {
    again.set(true);
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("live-" + executionId).start(this::drain);
    }
  }

  private void drain() {
    try {
      while (again.getAndSet(false) && sink.isOpen()) {
        List<StoredEvent> events;
        do {
          events = reader.after(executionId, cursor);
          for (StoredEvent event : events) {
            sink.send(event);
            cursor = event.seq();
          }
        } while (!events.isEmpty() && sink.isOpen());
      }
    } catch (SlowConsumerException e) {
      sink.close(TOO_SLOW, "too slow: reconnect with after=" + cursor);
    } catch (IOException | RuntimeException e) {
      log.debug("Delivery to a subscriber of {} stopped: {}", executionId, e.toString());
      sink.close(1011, "delivery failed: reconnect with after=" + cursor);
    } finally {
      running.set(false);
      if (again.get() && sink.isOpen()) {
        poke();
      }
    }
  }

  /** A sink's client did not take a message within the send time limit: it reads too slowly. */
  static final class SlowConsumerException extends IOException {
    SlowConsumerException(String message) {
      super(message);
    }
  }
}
