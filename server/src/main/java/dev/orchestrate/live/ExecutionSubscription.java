package dev.orchestrate.live;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client following one execution from a cursor. The first pass reads the table after the cursor
 * (the replay); later ones deliver what this instance just committed straight from memory when it
 * continues the cursor, and read the table after the cursor only when it does not (a gap), when
 * told that another instance committed, or when the sweep finds it stuck behind: no gap and no
 * duplicate at the seam, since nothing at or before the cursor is sent. Pokes and offers while a
 * pass runs are folded into one more pass, never run in parallel.
 */
final class ExecutionSubscription {

  /** Sent when a client cannot keep up: it reconnects with {@code after} and misses nothing. */
  static final int TOO_SLOW = 4008;

  /**
   * Committed events held for a client at most; beyond, they are dropped and read back from the
   * table once the client has taken what came before (it is then slow, and bounded by the send time
   * limit anyway).
   */
  static final int PENDING_LIMIT = 1000;

  private static final Logger log = LoggerFactory.getLogger(ExecutionSubscription.class);

  private final UUID executionId;
  private final Sink sink;
  private final EventReader reader;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  /** Read the table on the next pass: the first one (replay), or someone said to look. */
  private final AtomicBoolean read = new AtomicBoolean(true);

  /** Committed events offered from memory, not yet delivered, by seq. */
  private final ConcurrentSkipListMap<Long, StoredEvent> pending = new ConcurrentSkipListMap<>();

  private final AtomicLong reads = new AtomicLong();
  private volatile long cursor;

  /** Where the previous sweep found the cursor; only the sweep touches it. */
  private long swept = -1;

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

  /** How many times this subscription read events from the table. */
  long reads() {
    return reads.get();
  }

  /**
   * Whether the sweep should poke: behind {@code last} and where the previous sweep found it, so
   * that a subscriber being fed from memory is not made to read what is already on its way.
   */
  boolean stuckBehind(long last) {
    long now = cursor;
    boolean stuck = now < last && now == swept;
    swept = now;
    return stuck;
  }

  /** Asks for a pass that reads the table after the cursor; returns at once. */
  void poke() {
    read.set(true);
    schedule();
  }

  /** Events just committed on this instance, in seq order; returns at once. */
  void offer(List<StoredEvent> events) {
    if (pending.size() + events.size() > PENDING_LIMIT) {
      pending.clear();
      read.set(true);
    } else {
      long after = cursor;
      for (StoredEvent event : events) {
        if (event.seq() > after) {
          pending.put(event.seq(), event);
        }
      }
    }
    schedule();
  }

  private void schedule() {
    again.set(true);
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("live-" + executionId).start(this::drain);
    }
  }

  private void drain() {
    try {
      while (again.getAndSet(false) && sink.isOpen()) {
        sendPending();
        if (read.getAndSet(false) || gap()) {
          readTable();
          sendPending();
        }
      }
    } catch (SlowConsumerException e) {
      sink.close(TOO_SLOW, "too slow: reconnect with after=" + cursor);
    } catch (IOException | RuntimeException e) {
      log.debug("Delivery to a subscriber of {} stopped: {}", executionId, e.toString());
      sink.close(1011, "delivery failed: reconnect with after=" + cursor);
    } finally {
      running.set(false);
      if (again.get() && sink.isOpen()) {
        schedule();
      }
    }
  }

  /** Whether what is pending does not continue the cursor: the events between are in the table. */
  private boolean gap() {
    Map.Entry<Long, StoredEvent> first = pending.firstEntry();
    return first != null && first.getKey() > cursor + 1;
  }

  /** Sends the pending events that continue the cursor; drops those at or before it. */
  private void sendPending() throws IOException {
    Map.Entry<Long, StoredEvent> next;
    while ((next = pending.firstEntry()) != null && next.getKey() <= cursor + 1) {
      if (next.getKey() == cursor + 1) {
        sink.send(next.getValue());
        cursor = next.getKey();
      }
      pending.remove(next.getKey());
    }
  }

  /**
   * One read after the cursor, more only while reads come back full: what commits here meanwhile is
   * offered to this subscription, and another instance's commits come with a notification, so
   * reading until the table runs dry would only chase, through the pool, what is on its way anyway.
   */
  private void readTable() throws IOException {
    List<StoredEvent> events;
    do {
      reads.incrementAndGet();
      events = reader.after(executionId, cursor);
      for (StoredEvent event : events) {
        sink.send(event);
        cursor = event.seq();
      }
    } while (events.size() >= reader.batch() && sink.isOpen());
  }

  /** A sink's client did not take a message within the send time limit: it reads too slowly. */
  static final class SlowConsumerException extends IOException {
    SlowConsumerException(String message) {
      super(message);
    }
  }
}
