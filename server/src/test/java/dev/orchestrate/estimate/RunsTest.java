package dev.orchestrate.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.GraphValidator;
import dev.orchestrate.pipeline.graph.WorkspaceCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

class RunsTest {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private static final WorkspaceCatalog ANYTHING =
      new WorkspaceCatalog() {
        @Override
        public boolean hasAgent(String slug) {
          return true;
        }

        @Override
        public boolean hasMcpConnection(String name) {
          return true;
        }
      };

  @Test
  void nodesOnOrAfterACycleRunAsOftenAsMaxStepsAllowsTheOthersOnce() {
    GraphDefinition graph =
        graph(
            """
            {'entry_point': 'start', 'max_steps': 40, 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'draft', 'type': 'agent_call', 'label': 'Draft', 'agent_slug': 'a'},
               {'id': 'check', 'type': 'agent_call', 'label': 'Check', 'agent_slug': 'b'},
               {'id': 'publish', 'type': 'agent_call', 'label': 'Publish', 'agent_slug': 'a'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'draft'}, {'from': 'draft', 'to': 'check'},
                       {'from': 'check', 'to': 'draft', 'condition': 'steps.check.output == "again"'},
                       {'from': 'check', 'to': 'publish', 'condition': 'steps.check.output != "again"'},
                       {'from': 'publish', 'to': 'done'}]}
            """);

    var runs = Runs.of(graph);

    assertThat(runs.get("start")).isEqualTo(1);
    assertThat(runs.get("draft")).isEqualTo(40);
    assertThat(runs.get("check")).isEqualTo(40);
    assertThat(runs.get("publish")).isEqualTo(40);
    assertThat(runs.get("done")).isEqualTo(40);
  }

  @Test
  void everyNodeOfAGraphWithoutCyclesRunsOnce() {
    GraphDefinition graph =
        graph(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'left', 'type': 'agent_call', 'label': 'L', 'agent_slug': 'a'},
               {'id': 'right', 'type': 'agent_call', 'label': 'R', 'agent_slug': 'a'},
               {'id': 'join', 'type': 'agent_call', 'label': 'J', 'agent_slug': 'a'}],
             'edges': [{'from': 'start', 'to': 'left'}, {'from': 'start', 'to': 'right'},
                       {'from': 'left', 'to': 'join'}, {'from': 'right', 'to': 'join'}]}
            """);

    assertThat(Runs.of(graph).values()).containsOnly(1);
  }

  private static GraphDefinition graph(String json) {
    var validation = new GraphValidator().validate(JSON.readTree(json), ANYTHING);
    assertThat(validation.problems()).isEmpty();
    return validation.graph().orElseThrow();
  }
}
