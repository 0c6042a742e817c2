package dev.orchestrate.engine;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pipelines of paid agent calls for durability tests: two Anthropic agents, two graph shapes, and
 * executions whose prompts carry a tag, so that the fake provider can tell whose call it received.
 */
final class PaidPipelines {

  static final String MODEL = "claude-sonnet-4-20250514";

  /**
   * What one {@link #slowReply()} costs: 1,000 in and 500 out at $3 and $15 a million, 1,400/USD.
   */
  static final BigDecimal CALL_COST = new BigDecimal("14.7");

  private PaidPipelines() {}

  /** A reply that streams for about 1.7 s, so that a kill lands while calls are in flight. */
  static Reply slowReply() {
    return Reply.text("The quick brown fox jumps over.", usage(1000, 500))
        .pacing(Duration.ofMillis(100));
  }

  /** The graphs the executions run: agent calls in a line, and fanned out and in again. */
  enum Shape {
    LINEAR(
        """
        {'entry_point': 'start', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'n1', 'type': 'agent_call', 'label': 'One', 'agent_slug': 'writer',
            'prompt': '#{{input.tag}}-n1#'},
           {'id': 'n2', 'type': 'agent_call', 'label': 'Two', 'agent_slug': 'checker',
            'prompt': '#{{input.tag}}-n2#'},
           {'id': 'n3', 'type': 'agent_call', 'label': 'Three', 'agent_slug': 'writer',
            'prompt': '#{{input.tag}}-n3#'},
           {'id': 'n4', 'type': 'agent_call', 'label': 'Four', 'agent_slug': 'checker',
            'prompt': '#{{input.tag}}-n4#'},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'n1'}, {'from': 'n1', 'to': 'n2'},
                   {'from': 'n2', 'to': 'n3'}, {'from': 'n3', 'to': 'n4'},
                   {'from': 'n4', 'to': 'done'}]}
        """,
        Map.of()),
    FAN_OUT(
        """
        {'entry_point': 'start', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'n1', 'type': 'agent_call', 'label': 'Plan', 'agent_slug': 'writer',
            'prompt': '#{{input.tag}}-n1#'},
           {'id': 'n2', 'type': 'agent_call', 'label': 'Left', 'agent_slug': 'writer',
            'prompt': '#{{input.tag}}-n2#'},
           {'id': 'n3', 'type': 'agent_call', 'label': 'Middle', 'agent_slug': 'checker',
            'prompt': '#{{input.tag}}-n3#'},
           {'id': 'n4', 'type': 'agent_call', 'label': 'Right', 'agent_slug': 'writer',
            'prompt': '#{{input.tag}}-n4#'},
           {'id': 'n5', 'type': 'agent_call', 'label': 'Merge',
            'agent_slugs': ['writer', 'checker'], 'prompt': '#{{input.tag}}-n5#'},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'n1'}, {'from': 'n1', 'to': 'n2'},
                   {'from': 'n1', 'to': 'n3'}, {'from': 'n1', 'to': 'n4'},
                   {'from': 'n2', 'to': 'n5'}, {'from': 'n3', 'to': 'n5'},
                   {'from': 'n4', 'to': 'n5'}, {'from': 'n5', 'to': 'done'}]}
        """,
        Map.of("n5", 2));

    private final String graph;
    private final Map<String, Integer> multiAgent;

    Shape(String graph, Map<String, Integer> multiAgent) {
      this.graph = graph;
      this.multiAgent = multiAgent;
    }

    /** How many agents an agent_call node calls, so how many paid calls each attempt makes. */
    int agentsAt(String nodeId) {
      return multiAgent.getOrDefault(nodeId, 1);
    }
  }

  /** An execution the test started; {@code tag} marks its prompts, so the fake sees whose call. */
  record Started(UUID id, String tag, Shape shape) {

    String marker(String nodeId) {
      return "#" + tag + "-" + nodeId + "#";
    }
  }

  /**
   * Creates the agents and both pipelines through the first API, then starts {@code count}
   * executions alternating between the shapes and between the APIs (instances) in {@code via}.
   */
  static List<Started> start(Api.Session user, List<Api> via, int count) {
    Api api = via.getFirst();
    for (String slug : List.of("writer", "checker")) {
      var agent =
          api.post(
              user.ws() + "/agents",
              user.token(),
              Map.of(
                  "slug",
                  slug,
                  "name",
                  slug,
                  "model_provider",
                  "anthropic",
                  "model",
                  MODEL,
                  "system_prompt",
                  "You are the " + slug + ".",
                  "parameters",
                  Map.of("max_tokens", 1024)));
      assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
    }
    Map<Shape, String> pipelines = new LinkedHashMap<>();
    for (Shape shape : Shape.values()) {
      var pipeline =
          api.post(
              user.ws() + "/pipelines",
              user.token(),
              Map.of(
                  "slug",
                  shape.name().toLowerCase(),
                  "name",
                  shape.name(),
                  "graph_definition",
                  Api.json().readTree(shape.graph.replace('\'', '"'))));
      assertThat(pipeline.status()).as(pipeline.raw()).isEqualTo(201);
      pipelines.put(shape, pipeline.body().get("id").asString());
    }
    List<Started> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Shape shape = Shape.values()[i % 2];
      String tag = "e%02d".formatted(i);
      var response =
          via.get(i % via.size())
              .post(
                  "/orchestrate/pipeline/start",
                  user.token(),
                  Map.of("pipeline_id", pipelines.get(shape), "input", Map.of("tag", tag)));
      assertThat(response.status()).as(response.raw()).isEqualTo(202);
      started.add(
          new Started(UUID.fromString(response.body().get("execution_id").asString()), tag, shape));
    }
    return started;
  }
}
