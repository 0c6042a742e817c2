package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
  void aStreamThatEndedEmptyHoldsNothing() {
    var events = new StepEvents(null, null, null, null);
    var stream = new StreamCoalescer(events, "answer", "writer", Duration.ofMillis(100), clock);

    stream.add("dropped");
    stream.discard();
    stream.finish();

    assertThat(events.takeHeld()).isEmpty();
  }
}
