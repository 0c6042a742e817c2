package dev.orchestrate.live;

import dev.orchestrate.live.EventReader.FeedEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dashboard following a whole workspace: executions starting and ending, and approvals asked for
 * and given, so it learns of a waiting gate without polling. Deliveries run on a thread of their
 * own, in the order they were asked for, so that a slow dashboard never holds up whoever announced
 * the events (the engine after a commit, or the notification listener).
 *
 * <p>A client that reconnects passes {@code after}, the {@code ts} of the last event it received:
 * it first gets the feed's events written since {@link #OVERLAP} before that instant (events at the
 * seam may come again: the feed is at-least-once there, and (execution_id, seq) identifies an
 * event), then live events. Each execution's events are read after the last seq this subscription
 * delivered of it, so an announcement heard twice (directly and through PostgreSQL) or overlapping
 * the replay delivers nothing twice.
 */
final class WorkspaceSubscription {

  static final Set<String> TYPES =
      Set.of("execution_start", "execution_complete", "approval_required", "approval_resolved");

  /**
   * How far before the client's {@code after} the replay starts. {@code ts} is taken when a
   * transaction writes; the event becomes visible when it commits, possibly after events with a
   * later {@code ts} that the client already received. Transactions that write events last
   * milliseconds; this also covers clock differences between instances and the database.
   */
  static final Duration OVERLAP = Duration.ofSeconds(10);

  private final UUID workspaceId;
  private final Instant after;
  private final Sink sink;
  private final EventReader reader;
  private final Queue<Batch> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<UUID, Long> delivered = new ConcurrentHashMap<>();
  private volatile boolean replayed;

  /** {@code after} null: live events only. */
  WorkspaceSubscription(UUID workspaceId, Instant after, Sink sink, EventReader reader) {
    this.workspaceId = workspaceId;
    this.after = after;
    this.sink = sink;
    this.reader = reader;
    this.replayed = after == null;
  }

  UUID workspaceId() {
    return workspaceId;
  }

  /** Starts the replay, once the hub announces live events to this subscription. */
  void start() {
    if (!replayed) {
      schedule();
    }
  }

  /** Queues a committed batch of events of an execution for delivery; returns at once. */
  void deliver(Batch batch) {
    pending.add(batch);
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("live-workspace-" + workspaceId).start(this::drain);
    }
  }

  private void drain() {
    try {
      if (!replayed) {
        replay();
        replayed = true;
      }
      Batch batch;
      while (sink.isOpen() && (batch = pending.poll()) != null) {
        long from = delivered.getOrDefault(batch.executionId(), batch.first() - 1);
        if (batch.last() > from) {
          for (StoredEvent event : reader.range(batch.executionId(), from + 1, batch.last())) {
            sink.send(event);
          }
          delivered.put(batch.executionId(), batch.last());
        }
      }
    } catch (ExecutionSubscription.SlowConsumerException e) {
      pending.clear();
      sink.close(ExecutionSubscription.TOO_SLOW, "too slow: reconnect with after");
    } catch (IOException | RuntimeException e) {
      pending.clear();
      sink.close(1011, "delivery failed: reconnect with after");
    } finally {
      running.set(false);
      if (!pending.isEmpty() && sink.isOpen()) {
        schedule();
      }
    }
  }

  private void replay() throws IOException {
    Instant since = after.minus(OVERLAP);
    FeedEvent from = null;
    List<FeedEvent> page;
    do {
      page = reader.feed(workspaceId, since, from);
      for (FeedEvent event : page) {
        long seq = event.event().seq();
        if (seq > delivered.getOrDefault(event.executionId(), 0L)) {
          sink.send(event.event());
          delivered.put(event.executionId(), seq);
        }
        from = event;
      }
    } while (!page.isEmpty() && sink.isOpen());
  }
}
