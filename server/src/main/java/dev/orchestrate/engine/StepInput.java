package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.FinalizeNode;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.pipeline.graph.McpToolNode;
import dev.orchestrate.pipeline.graph.NodeSpec;
import dev.orchestrate.pipeline.graph.Template;
import dev.orchestrate.pipeline.graph.TemplateRef;
import dev.orchestrate.pipeline.graph.Templates;
import dev.orchestrate.pipeline.graph.TriggerNode;
import dev.orchestrate.pipeline.graph.ValidationNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a step reads, kept on its row for the node inspector: the execution's input and the outputs
 * of the steps it reads ({@code {input, steps: {node_id: output}}}): those its templates reference,
 * or every completed node upstream when it has none (a default prompt, a finalize that collects
 * all). Only what it reads, so a long chain does not copy every output into every later step.
 */
final class StepInput {

  private StepInput() {}

  /**
   * @param outputs the latest output of every completed node, by id
   * @param upstream the node's ancestors ({@link Plan#ancestors})
   */
  static JsonNode of(
      JsonNode executionInput, Map<String, JsonNode> outputs, NodeSpec node, Set<String> upstream) {
    Set<String> reads = referencedSteps(node);
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set(
        "input", executionInput == null ? JsonNodeFactory.instance.nullNode() : executionInput);
    ObjectNode steps = input.putObject("steps");
    // Only what it reads (not every output of the run), sorted so the same run reads the same on
    // every look.
    new TreeSet<>(reads == null ? upstream : reads)
        .forEach(
            nodeId -> {
              JsonNode output = outputs.get(nodeId);
              if (outputs.containsKey(nodeId)) {
                steps.set(nodeId, output);
              }
            });
    return input;
  }

  /** The steps the node's templates reference; null when it reads every upstream output. */
  private static Set<String> referencedSteps(NodeSpec node) {
    List<TemplateRef> refs =
        switch (node) {
          case AgentCallNode agent -> agent.prompt().map(Template::references).orElse(null);
          case McpToolNode tool -> Templates.referencesIn(tool.arguments());
          case FinalizeNode last -> last.output().map(Templates::referencesIn).orElse(null);
          case HumanGateNode gate -> gate.message().map(Template::references).orElse(List.of());
          case TriggerNode trigger -> List.of();
          case ValidationNode validation -> List.of();
        };
    return refs == null
        ? null
        : refs.stream().flatMap(r -> r.stepId().stream()).collect(Collectors.toSet());
  }
}
