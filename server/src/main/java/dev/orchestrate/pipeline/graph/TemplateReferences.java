package dev.orchestrate.pipeline.graph;

import java.util.List;

/**
 * Checks that every {@code steps.<id>} a template names is a node that can run before the node
 * using it, that is, one with a path of edges to it. Otherwise the value could never be there.
 */
final class TemplateReferences {

  private TemplateReferences() {}

  static void check(List<TemplateUse> uses, GraphStructure graph, Problems problems) {
    for (TemplateUse use : uses) {
      if (use.ref().stepId().isEmpty()) {
        continue;
      }
      String step = use.ref().stepId().get();
      String reference = "{{" + use.ref().path() + "}}";
      if (!graph.ids().contains(step)) {
        problems.add(use.path(), reference + " names unknown node '" + step + "'");
      } else if (step.equals(use.nodeId())) {
        problems.add(use.path(), reference + " names the node's own output");
      } else if (!use.nodeId().isEmpty() && !graph.reachableFrom(step).contains(use.nodeId())) {
        problems.add(
            use.path(),
            reference
                + " names node '"
                + step
                + "', which cannot run before '"
                + use.nodeId()
                + "'");
      }
    }
  }
}
