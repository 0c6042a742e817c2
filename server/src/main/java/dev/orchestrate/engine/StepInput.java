package dev.orchestrate.engine;

import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a step reads, kept on its row for the node inspector: the execution's input and the outputs
 * of the completed nodes upstream of it, the same values its templates and default prompt read.
 */
final class StepInput {

  private StepInput() {}

  static JsonNode of(Snapshot snapshot, Set<String> upstream) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    JsonNode executionInput = snapshot.execution().input();
    input.set(
        "input", executionInput == null ? JsonNodeFactory.instance.nullNode() : executionInput);
    ObjectNode steps = input.putObject("steps");
    // Sorted, so the same run reads the same on every look.
    new TreeMap<>(snapshot.outputs())
        .forEach(
            (nodeId, output) -> {
              if (upstream.contains(nodeId)) {
                steps.set(nodeId, output);
              }
            });
    return input;
  }
}
