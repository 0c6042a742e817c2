package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Beyond the per-workspace cap, executions wait queued; they all run in the end. */
@TestPropertySource(properties = "orchestrate.engine.max-running-per-workspace=1")
class ConcurrencyCapIT extends ServiceTest {

  private final Tenancy tenancy;

  @Autowired
  ConcurrencyCapIT(Tenancy tenancy) {
    this.tenancy = tenancy;
  }

  @Test
  void executionsBeyondTheWorkspaceCapWaitQueued() {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String marker = UUID.randomUUID().toString();
    providers.anthropic().when(marker).otherwise(Reply.text("천천히").delay(Duration.ofMillis(1500)));
    executions.agent("slow", marker);
    String pipeline =
        executions.pipeline(
            """
            {'entry_point': 'think', 'nodes': [
               {'id': 'think', 'type': 'agent_call', 'label': 'Think', 'agent_slug': 'slow'}],
             'edges': []}
            """);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(executions.start(pipeline, Map.of("n", i)));
    }

    List<String> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              List<String> statuses =
                  ids.stream().map(id -> executions.get(id).get("status").asString()).toList();
              assertThat(statuses.stream().filter("running"::equals).count())
                  .as("running at once")
                  .isLessThanOrEqualTo(1);
              seen.addAll(statuses);
              return statuses.stream().allMatch("completed"::equals);
            });
    assertThat(seen).contains("queued", "running");
  }
}
