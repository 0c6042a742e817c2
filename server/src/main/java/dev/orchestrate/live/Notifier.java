package dev.orchestrate.live;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells the other instances what this one committed, from a connection of its own and outside any
 * engine transaction: everything queued since the last send goes out in one {@code pg_notify} per
 * channel (split at PostgreSQL's 8000-byte payload limit), at most one send per {@code
 * notify-interval}. A lone batch goes out at once; under load, batches of many commits share one
 * notification instead of each commit queueing on PostgreSQL's notify lock.
 *
 * <p>Every payload starts with a line naming this instance ({@link #origin()}), so that its own
 * listener skips what this instance already delivered locally.
 */
@Component
class Notifier implements SmartLifecycle {

  static final String EVENTS = "orchestrate_events";
  static final String WORK = "orchestrate_work";

  /** This instance (not process: tests run several in one JVM), as its notifications name it. */
  private final String origin = UUID.randomUUID().toString();

  /** Below PostgreSQL's default limit of 8000 bytes, with room for the origin line. */
  static final int PAYLOAD_LIMIT = 7900;

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Object WAKE = new Object();
  private static final Object STOP = new Object();

  private final DirectConnections connections;
  private final long intervalNanos;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile boolean active;
  private Thread thread;
  private Connection connection;

  Notifier(DirectConnections connections, LiveProperties properties) {
    this.connections = connections;
    this.intervalNanos = properties.notifyInterval().toNanos();
  }

  String origin() {
    return origin;
  }

  /** Queues a committed batch for the other instances; returns at once. */
  void announce(Batch batch) {
    queue.add(batch);
  }

  /** Queues a wake-up for the other instances' engines; returns at once. */
  void wakeOthers() {
    queue.add(WAKE);
  }

  @Override
  public void start() {
    active = true;
    thread = Thread.ofVirtual().name("live-notifier").start(this::run);
  }

  @Override
  public void stop() {
    active = false;
    queue.add(STOP);
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  /** Stops after the listener and the engine, so that what they queue while stopping goes out. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }

  private void run() {
    var taken = new ArrayList<Object>();
    try {
      while (true) {
        taken.add(queue.take());
        queue.drainTo(taken);
        boolean stopping = taken.remove(STOP);
        send(taken);
        taken.clear();
        if (stopping || !active) {
          return;
        }
        // What commits meanwhile waits for the next send: one notification for all of it.
        LockSupport.parkNanos(intervalNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeConnection();
    }
  }

  private void send(List<Object> taken) {
    if (taken.isEmpty()) {
      return;
    }
    List<String> payloads = new ArrayList<>();
    var lines = new ArrayList<String>();
    boolean wake = false;
    for (Object item : taken) {
      if (item instanceof Batch batch) {
        lines.add(batch.line());
      } else {
        wake = true;
      }
    }
    payloads.addAll(chunks(origin, lines));
    List<String> channels = new ArrayList<>();
    payloads.forEach(p -> channels.add(EVENTS));
    if (wake) {
      payloads.add(origin);
      channels.add(WORK);
    }
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        notify(channels, payloads);
        return;
      } catch (SQLException | RuntimeException e) {
        closeConnection();
        if (attempt == 2 || !active) {
          // Other instances' subscribers catch up at their next sweep (poll-interval).
          log.warn("Could not notify the other instances ({})", e.toString());
        }
      }
    }
  }

  /** All channels' payloads in one statement: one round trip, one transaction. */
  private void notify(List<String> channels, List<String> payloads) throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connections.open("orchestrate-live-notifier");
    }
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT pg_notify(c, p) FROM unnest(?::text[], ?::text[]) AS n (c, p)")) {
      st.setArray(1, connection.createArrayOf("text", channels.toArray()));
      st.setArray(2, connection.createArrayOf("text", payloads.toArray()));
      st.executeQuery().close();
    }
  }

  /** The lines as payloads, each under the limit and starting with the origin line. */
  static List<String> chunks(String origin, List<String> lines) {
    List<String> payloads = new ArrayList<>();
    var payload = new StringBuilder(origin);
    int bytes = payload.length();
    for (String line : lines) {
      int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + size > PAYLOAD_LIMIT && bytes > origin.length()) {
        payloads.add(payload.toString());
        payload = new StringBuilder(origin);
        bytes = payload.length();
      }
      payload.append('\n').append(line);
      bytes += size;
    }
    if (bytes > origin.length()) {
      payloads.add(payload.toString());
    }
    return payloads;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Gone already.
      }
      connection = null;
    }
  }
}
