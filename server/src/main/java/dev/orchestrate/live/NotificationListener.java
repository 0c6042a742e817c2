package dev.orchestrate.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@code orchestrate_events} over one connection of its own and hands every committed
 * batch of events, from whichever instance wrote it, to the {@link LiveHub}. Also wakes every
 * subscriber now and then, so that a notification lost with a broken connection delays nothing for
 * long.
 */
@Component
class NotificationListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final LiveHub hub;
  private final LiveProperties properties;
  private volatile boolean active;
  private Thread thread;

  NotificationListener(DataSource dataSource, LiveHub hub, LiveProperties properties) {
    this.dataSource = dataSource;
    this.hub = hub;
    this.properties = properties;
  }

  @Override
  public void start() {
    active = true;
    thread = Thread.ofVirtual().name("live-listener").start(this::listen);
  }

  @Override
  public void stop() {
    active = false;
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
      try (Connection connection = dataSource.getConnection();
          Statement st = connection.createStatement()) {
        st.execute("LISTEN orchestrate_events");
        PGConnection pg = connection.unwrap(PGConnection.class);
        hub.pokeAll();
        long nextSweep = System.nanoTime() + properties.pollInterval().toNanos();
        while (active) {
          PGNotification[] notifications =
              pg.getNotifications((int) properties.pollInterval().toMillis());
          if (notifications != null) {
            for (PGNotification n : notifications) {
              dispatch(n.getParameter());
            }
          }
          if (System.nanoTime() > nextSweep) {
            hub.pokeAll();
            nextSweep = System.nanoTime() + properties.pollInterval().toNanos();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!active) {
          return;
        }
        log.warn("Lost the event notification connection ({}); reconnecting", e.toString());
        try {
          Thread.sleep(RECONNECT_PAUSE);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void dispatch(String payload) {
    String[] parts = payload.split(" ");
    if (parts.length == 4) {
      hub.committed(
          UUID.fromString(parts[0]),
          UUID.fromString(parts[1]),
          Long.parseLong(parts[2]),
          Long.parseLong(parts[3]));
    }
  }
}
