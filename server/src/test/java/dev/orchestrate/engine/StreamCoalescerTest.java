package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The text a model streams after the last timed flush is held for the transaction that records the
 * attempt's outcome (issue 15: a short answer costs no commit of its own), not written apart.
 */
class StreamCoalescerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void whatIsLeftWhenTheStreamEndsIsHeldForTheOutcome() {
    // No transaction and no event log: a write of its own would fail here.
    var events = new StepEvents(null, null, null, null);
    var stream = new StreamCoalescer(events, "answer", "writer", Duration.ofMillis(100), clock);

    stream.add("Hel");
    stream.add("lo");
    stream.finish();

    assertThat(events.takeHeld())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo("agent_streaming");
              assertThat(event.fields())
                  .containsEntry("node_id", "answer")
                  .containsEntry("agent_slug", "writer")
                  .containsEntry("chunk", "Hello");
            });
    assertThat(events.takeHeld()).as("taken once").isEmpty();
  }

  @Test
  void theWaitForTheFirstTokenDoesNotMakeTheFirstDeltaACommitOfItsOwn() {
    // Issue 15: the interval used to run from the call's start, so the first delta, arriving after
    // the model's 200 ms to first token, was written at once in a commit of its own (here: no log).
    var now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
    Clock ticking =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    var events = new StepEvents(null, null, null, null);
    var stream = new StreamCoalescer(events, "answer", "writer", Duration.ofMillis(100), ticking);

    now.set(now.get().plusMillis(200));
    stream.add("ok");
    for (int i = 0; i < 3; i++) {
      now.set(now.get().plusMillis(10));
      stream.add(" ok");
    }
    stream.finish();

    assertThat(events.takeHeld())
        .singleElement()
        .satisfies(event -> assertThat(event.fields()).containsEntry("chunk", "ok ok ok ok"));
  }

  @Test
  void aStreamThatEndedEmptyHoldsNothing() {
    var events = new StepEvents(null, null, null, null);
    var stream = new StreamCoalescer(events, "answer", "writer", Duration.ofMillis(100), clock);

    stream.add("dropped");
    stream.discard();
    stream.finish();

    assertThat(events.takeHeld()).isEmpty();
  }
}
