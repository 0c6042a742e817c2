package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.orchestrate.engine.ExecutionSignals.Committed;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a commit costs the engine's thread when nobody on this instance follows the execution. */
class AnnouncerTest {

  private static final LiveProperties PROPERTIES =
      new LiveProperties(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(25),
          500,
          Duration.ofSeconds(2),
          Duration.ofMillis(5));

  @Test
  void doesNotPrintTheEventsOfAnExecutionNobodyHereFollows() {
    var announcer = new Announcer(new LiveHub(), new Notifier(null, PROPERTIES));
    // A payload that cannot be parsed shows whether it was printed for delivery from memory: with
    // no subscriber here there is no one to print it for (the other instances read the table).
    var unparsable = new Committed(1, "step_start", "{not json");

    assertThatNoException()
        .isThrownBy(
            () ->
                announcer.eventsCommitted(
                    UUID.randomUUID(), UUID.randomUUID(), 1, 1, List.of(unparsable)));
  }
}
