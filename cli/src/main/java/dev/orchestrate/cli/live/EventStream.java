package dev.orchestrate.cli.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows an execution's events over its socket and never loses one: when the socket drops (a
 * network blip, a restart, or the server's 4008 for a client that read too slowly) it connects
 * again with {@code after=<last seq>}, as {@code events.md} says, and drops any event it already
 * has. Refusals (4401, 4403, 4404) are final. Everything runs on the caller's thread; the socket's
 * own threads only put signals in a queue.
 */
public final class EventStream {

  /** Close codes after which connecting again cannot help. */
  public static final int UNAUTHORIZED = 4401;

  public static final int FORBIDDEN = 4403;
  public static final int NOT_FOUND = 4404;

  private static final Duration TICK = Duration.ofMillis(250);

  /** What a socket reports. */
  public sealed interface Signal {
    record Message(String text) implements Signal {}

    /** A server ping or anything else that shows the connection is alive. */
    record Heard() implements Signal {}

    record Closed(int code, String reason) implements Signal {}

    record Broken(Throwable error) implements Signal {}
  }

  /** One open socket. */
  public interface Connection {
    void send(String text);

    /** Says goodbye (1000) and lets go. */
    void close();
  }

  /** Opens the execution's socket replaying after {@code after}; signals go to {@code signals}. */
  public interface Connector {
    Connection open(long after, Consumer<Signal> signals) throws IOException;
  }

  /** Told about events, quiet moments and reconnects; decides when to stop. */
  public interface Listener {
    /** Returns false to stop following. */
    boolean onEvent(JsonNode event, String json);

    void onIdle();

    void onReconnect(int attempt, String reason);
  }

  /** The server refused the socket with a close code that connecting again will not change. */
  public static final class Refused extends RuntimeException {
    private final int code;

    Refused(int code, String reason) {
      super(code + " " + reason);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** The socket could not be had again within the patience. */
  public static final class GaveUp extends RuntimeException {
    GaveUp(String reason) {
      super(reason);
    }
  }

  /** Timings: when to ping a quiet socket, when to give it up, how long to keep reconnecting. */
  public record Timing(
      Duration pingAfter, Duration deadAfter, Duration patience, Duration maxBackoff) {
    public static Timing standard() {
      return new Timing(
          Duration.ofSeconds(40),
          Duration.ofSeconds(70),
          Duration.ofMinutes(2),
          Duration.ofSeconds(10));
    }
  }

  /** Waits between reconnects; a test passes one that does not sleep. */
  public interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Connector connector;
  private final JsonMapper json;
  private final Clock clock;
  private final Timing timing;
  private final Pause pause;

  public EventStream(
      Connector connector, JsonMapper json, Clock clock, Timing timing, Pause pause) {
    this.connector = connector;
    this.json = json;
    this.clock = clock;
    this.timing = timing;
    this.pause = pause;
  }

  /** Follows from {@code after} until the listener stops; answers the last seq delivered. */
  public long follow(long after, Listener listener) throws InterruptedException {
    long cursor = after;
    int attempts = 0;
    long lastHeard = clock.millis();
    while (true) {
      BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
      String reason;
      Connection connection = null;
      try {
        connection = connector.open(cursor, signals::add);
      } catch (IOException e) {
        reason = String.valueOf(e.getMessage());
        attempts++;
        lastHeard = backOff(lastHeard, attempts, reason, listener);
        continue;
      }
      boolean pinged = false;
      while (true) {
        Signal signal = signals.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
        long now = clock.millis();
        if (signal == null) {
          listener.onIdle();
          if (!pinged && now - lastHeard > timing.pingAfter().toMillis()) {
            connection.send("{\"type\":\"ping\"}");
            pinged = true;
          }
          if (now - lastHeard > timing.deadAfter().toMillis()) {
            connection.close();
            reason = "no answer for " + timing.deadAfter().toSeconds() + " s";
            break;
          }
          continue;
        }
        if (signal instanceof Signal.Closed closed) {
          if (closed.code() == UNAUTHORIZED
              || closed.code() == FORBIDDEN
              || closed.code() == NOT_FOUND) {
            throw new Refused(closed.code(), closed.reason());
          }
          reason = closed.code() + " " + closed.reason();
          break;
        }
        if (signal instanceof Signal.Broken broken) {
          reason = String.valueOf(broken.error().getMessage());
          break;
        }
        lastHeard = now;
        pinged = false;
        if (signal instanceof Signal.Message message) {
          JsonNode event = parse(message.text());
          long seq = event.path("seq").asLong(-1);
          if (seq <= cursor) {
            continue; // a pong, or an event this view already has
          }
          cursor = seq;
          attempts = 0;
          if (!listener.onEvent(event, message.text())) {
            connection.close();
            return cursor;
          }
        }
      }
      attempts++;
      lastHeard = backOff(lastHeard, attempts, reason, listener);
    }
  }

  /**
   * Tells the listener, waits before the next try, or gives up; answers the new last-heard time.
   */
  private long backOff(long lastHeard, int attempts, String reason, Listener listener)
      throws InterruptedException {
    if (clock.millis() - lastHeard > timing.patience().toMillis()) {
      throw new GaveUp(reason);
    }
    listener.onReconnect(attempts, reason);
    long millis = Math.min(timing.maxBackoff().toMillis(), 250L << Math.min(attempts - 1, 10));
    pause.sleep(Duration.ofMillis(millis));
    return attempts == 1 ? clock.millis() : lastHeard;
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JacksonException e) {
      return json.nullNode();
    }
  }
}
