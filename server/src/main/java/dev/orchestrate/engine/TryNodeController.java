package dev.orchestrate.engine;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /orchestrate/pipeline/try-node}: one agent_call node run alone with sample input,
 * streamed as Server-Sent Events ({@code chunk} … {@code done}), charged like an invocation.
 */
@RestController
class TryNodeController {

  private final NodeTrials trials;

  TryNodeController(NodeTrials trials) {
    this.trials = trials;
  }

  @PostMapping(
      path = "/orchestrate/pipeline/try-node",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
  SseEmitter tryNode(@RequestBody TryRequest body) {
    var trial =
        trials.prepare(
            body.pipelineId(),
            body.workspaceId(),
            body.graphDefinition(),
            body.nodeId(),
            body.input(),
            body.steps());
    return trials.stream(trial);
  }

  /**
   * The graph (or, without it, the pipeline's current one), the node, the execution input, and
   * outputs of upstream nodes by id for the templates that read them. Without {@code pipeline_id}
   * (a graph not yet saved), {@code workspace_id} says whose agents and credits it uses.
   */
  record TryRequest(
      UUID pipelineId,
      UUID workspaceId,
      JsonNode graphDefinition,
      String nodeId,
      JsonNode input,
      Map<String, JsonNode> steps) {}
}
