package dev.orchestrate.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reconnecting after a drop, as events.md describes it, with a scripted socket. */
class EventStreamTest {

  private final List<String> events =
      new Events().start().step("a", "A", 1, "0").end("completed", "0", 10).lines();
  private final MovableClock clock = new MovableClock();
  private final List<Long> openedAfter = new ArrayList<>();
  private final Deque<List<EventStream.Signal>> scripts = new LinkedList<>();
  private final List<Long> delivered = new ArrayList<>();
  private final List<String> reconnects = new ArrayList<>();

  @Test
  void aDroppedSocketIsOpenedAgainAfterTheLastSeqAndNothingIsSeenTwice() throws Exception {
    script(message(0), message(1), closed(4008, "too slow: reconnect with after=2"));
    script(
        message(1),
        message(2),
        message(3)); // the server replays from after=2; seq 2 again is dropped

    long last = stream().follow(0, listener());

    assertThat(openedAfter).containsExactly(0L, 2L);
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    assertThat(last).isEqualTo(4);
    assertThat(reconnects).containsExactly("4008 too slow: reconnect with after=2");
  }

  @Test
  void aBrokenConnectionAndARefusedConnectAreTriedAgain() throws Exception {
    script(message(0), broken("Connection reset"));
    scripts.add(null); // connection refused once
    script(message(1), message(2), message(3));

    stream().follow(0, listener());

    assertThat(openedAfter).containsExactly(0L, 1L, 1L);
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    assertThat(reconnects).hasSize(2);
  }

  @Test
  void aRefusalIsFinal() {
    script(closed(4401, "a valid token is required"));

    assertThatThrownBy(() -> stream().follow(0, listener()))
        .isInstanceOf(EventStream.Refused.class)
        .extracting(e -> ((EventStream.Refused) e).code())
        .isEqualTo(4401);
  }

  @Test
  void givesUpWhenTheServerStaysAwayLongerThanThePatience() {
    for (int i = 0; i < 50; i++) {
      scripts.add(null);
    }
    assertThatThrownBy(() -> stream().follow(0, listener())).isInstanceOf(EventStream.GaveUp.class);
    assertThat(openedAfter.size()).isBetween(3, 50);
  }

  private EventStream stream() {
    EventStream.Connector connector =
        (after, signals) -> {
          openedAfter.add(after);
          List<EventStream.Signal> script = scripts.poll();
          if (script == null) {
            throw new IOException("Connection refused");
          }
          script.forEach(signals);
          return new EventStream.Connection() {
            @Override
            public void send(String text) {}

            @Override
            public void close() {}
          };
        };
    return new EventStream(
        connector,
        Events.JSON,
        clock,
        new EventStream.Timing(
            Duration.ofSeconds(40),
            Duration.ofSeconds(70),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10)),
        clock::advance);
  }

  private EventStream.Listener listener() {
    return new EventStream.Listener() {
      @Override
      public boolean onEvent(JsonNode event, String json) {
        delivered.add(event.get("seq").asLong());
        return !event.get("type").asString().equals("execution_complete");
      }

      @Override
      public void onIdle() {}

      @Override
      public void onReconnect(int attempt, String reason) {
        reconnects.add(reason);
      }
    };
  }

  @SafeVarargs
  private void script(EventStream.Signal... signals) {
    scripts.add(List.of(signals));
  }

  private EventStream.Signal message(int index) {
    return new EventStream.Signal.Message(events.get(index));
  }

  private static EventStream.Signal closed(int code, String reason) {
    return new EventStream.Signal.Closed(code, reason);
  }

  private static EventStream.Signal broken(String message) {
    return new EventStream.Signal.Broken(new IOException(message));
  }

  /** A clock that moves only when the stream pauses between reconnects. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-24T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
