package dev.orchestrate.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one send carries: every batch, in order, in payloads under PostgreSQL's 8000 bytes. */
class NotifierTest {

  @Test
  void splitsManyBatchesIntoPayloadsUnderTheLimitEachNamingTheOrigin() {
    List<String> lines =
        IntStream.range(0, 500)
            .mapToObj(i -> new Batch(UUID.randomUUID(), UUID.randomUUID(), i, i + 1L).line())
            .toList();

    String origin = UUID.randomUUID().toString();
    List<String> payloads = Notifier.chunks(origin, lines);

    assertThat(payloads).hasSizeGreaterThan(1);
    assertThat(payloads)
        .allSatisfy(
            p -> {
              assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
              assertThat(p.split("\n")[0]).isEqualTo(origin);
            });
    List<String> carried = new ArrayList<>();
    payloads.forEach(
        p -> carried.addAll(Arrays.asList(p.split("\n")).subList(1, p.split("\n").length)));
    assertThat(carried).isEqualTo(lines);
    assertThat(carried.stream().map(Batch::parse).map(o -> o.orElseThrow().line()).toList())
        .isEqualTo(lines);
  }

  @Test
  void sendsNothingForNoBatches() {
    assertThat(Notifier.chunks("origin", List.of())).isEmpty();
  }
}
