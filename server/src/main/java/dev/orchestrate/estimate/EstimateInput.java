package dev.orchestrate.estimate;

import com.networknt.schema.Error;
import dev.orchestrate.common.Validation;
import dev.orchestrate.common.schema.JsonSchemaException;
import dev.orchestrate.common.schema.JsonSchemas;
import dev.orchestrate.pipeline.PipelineService;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.NodeSpec;
import dev.orchestrate.pipeline.graph.ValidationNode;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks what an estimate is asked for as a start would: the graph against the workspace as it is
 * now, and the input against the pipeline's validation nodes, each problem with its path (a run
 * with such an input would fail at that node, before its paid calls).
 */
@Component
class EstimateInput {

  private final PipelineService pipelines;

  EstimateInput(PipelineService pipelines) {
    this.pipelines = pipelines;
  }

  /**
   * @throws dev.orchestrate.common.OrchestrateException 422 listing every problem
   */
  GraphDefinition checked(UUID workspaceId, JsonNode graphJson, JsonNode input) {
    var v = new Validation();
    var validation = pipelines.validateGraph(workspaceId, graphJson);
    v.addAll(validation.fieldProblems());
    v.throwIfInvalid();
    GraphDefinition graph = validation.graph().orElseThrow();
    for (NodeSpec node : graph.nodes()) {
      if (node instanceof ValidationNode check) {
        checkInput(check, input, v);
      }
    }
    v.throwIfInvalid();
    return graph;
  }

  private static void checkInput(ValidationNode node, JsonNode input, Validation v) {
    if (node.schema().isEmpty()) {
      v.check(!input.isEmpty(), "input", "must be a non-empty JSON object");
      return;
    }
    try {
      for (Error error : JsonSchemas.compile(node.schema().get()).validate(input)) {
        v.add(path(error), error.getMessage());
      }
    } catch (JsonSchemaException e) {
      v.add("input", e.getMessage());
    }
  }

  /** The contract's path of the value a schema error is about, e.g. {@code input.items[0]}. */
  private static String path(Error error) {
    String location = String.valueOf(error.getInstanceLocation());
    StringBuilder path = new StringBuilder("input");
    for (String token : location.replaceFirst("^\\$", "").split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String name = token.replace("~1", "/").replace("~0", "~");
      path.append(name.matches("\\d+") ? "[" + name + "]" : "." + name);
    }
    return path.toString();
  }
}
