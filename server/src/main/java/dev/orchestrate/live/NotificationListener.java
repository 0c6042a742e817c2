package dev.orchestrate.live;

import dev.orchestrate.engine.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens, over a connection of its own (not the pool's), for what the other instances committed:
 * batches of events on {@code orchestrate_events}, handed to the {@link LiveHub}, and queued work
 * on {@code orchestrate_work}, which wakes this instance's engine. Its own instance's notifications
 * are skipped: the hub and the engine heard of those directly.
 *
 * <p>It waits with {@code getNotifications(timeout)}, which pgjdbc implements as a socket read with
 * that timeout: every wait that ends without a notification ends in a {@code
 * SocketTimeoutException} (caught by the driver), and after each notification the driver probes for
 * more with a 1 ms read that ends the same way (at most once a second). So the wait is long ({@link
 * #IDLE_CHECK}, not the sweep's {@code poll-interval}, which runs elsewhere): an idle instance pays
 * one such exception, and one {@code SELECT 1} to prove the connection alive, per 30 seconds.
 */
@Component
class NotificationListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
  private static final Duration IDLE_CHECK = Duration.ofSeconds(30);

  private final DirectConnections connections;
  private final LiveHub hub;
  private final Engine engine;
  private final String origin;
  private volatile boolean active;
  private volatile Connection connection;
  private Thread thread;

  NotificationListener(
      DirectConnections connections, LiveHub hub, Engine engine, Notifier notifier) {
    this.origin = notifier.origin();
    this.connections = connections;
    this.hub = hub;
    this.engine = engine;
  }

  @Override
  public void start() {
    active = true;
    thread = Thread.ofVirtual().name("live-listener").start(this::listen);
  }

  @Override
  public void stop() {
    active = false;
    Connection listening = connection;
    if (listening != null) {
      try {
        listening.abort(Runnable::run); // ends the wait at once
      } catch (SQLException e) {
        // Gone already.
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  private void listen() {
    while (active) {
      try (Connection listening = connections.open("orchestrate-live-listener");
          Statement st = listening.createStatement()) {
        connection = listening;
        st.execute("LISTEN " + Notifier.EVENTS);
        st.execute("LISTEN " + Notifier.WORK);
        // Whatever was announced while not listening: look again.
        hub.pokeAll();
        engine.wake();
        PGConnection pg = listening.unwrap(PGConnection.class);
        while (active) {
          PGNotification[] notifications = pg.getNotifications((int) IDLE_CHECK.toMillis());
          if (notifications == null || notifications.length == 0) {
            st.execute("SELECT 1");
            continue;
          }
          for (PGNotification n : notifications) {
            dispatch(n.getName(), n.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!active) {
          return;
        }
        log.warn("Lost the notification connection ({}); reconnecting", e.toString());
        try {
          Thread.sleep(RECONNECT_PAUSE);
        } catch (InterruptedException interrupted) {
          return;
        }
      } finally {
        connection = null;
      }
    }
  }

  private void dispatch(String channel, String payload) {
    String[] lines = payload.split("\n");
    if (lines[0].equals(origin)) {
      return;
    }
    if (channel.equals(Notifier.WORK)) {
      engine.wake();
      return;
    }
    for (String line : lines) {
      Batch.parse(line).ifPresent(hub::committed);
    }
  }
}
