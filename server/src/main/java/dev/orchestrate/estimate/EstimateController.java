package dev.orchestrate.estimate;

import dev.orchestrate.common.OrchestrateException;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** What a run of a pipeline may cost, asked before starting it. */
@RestController
class EstimateController {

  private final CostEstimator estimator;

  EstimateController(CostEstimator estimator) {
    this.estimator = estimator;
  }

  /** {@code {pipeline_id, input}}, as a start takes them. */
  @PostMapping("/orchestrate/pipeline/estimate")
  Estimate estimate(@RequestBody EstimateRequest body) {
    if (body.pipelineId() == null) {
      throw OrchestrateException.invalid("pipeline_id", "is required");
    }
    JsonNode input =
        body.input() == null || body.input().isNull()
            ? JsonNodeFactory.instance.objectNode()
            : body.input();
    if (!input.isObject()) {
      throw OrchestrateException.invalid("input", "must be a JSON object");
    }
    return estimator.estimate(body.pipelineId(), input);
  }

  record EstimateRequest(UUID pipelineId, JsonNode input) {}
}
