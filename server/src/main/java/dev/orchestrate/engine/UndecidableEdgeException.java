package dev.orchestrate.engine;

import dev.orchestrate.pipeline.graph.ConditionLimitException;
import dev.orchestrate.pipeline.graph.EdgeSpec;

/**
 * An edge's condition hit one of its limits at run time, so whether the edge is taken is unknown;
 * the step that would take it fails rather than guess.
 */
final class UndecidableEdgeException extends RuntimeException {

  UndecidableEdgeException(EdgeSpec edge, ConditionLimitException cause) {
    super(
        "The condition on the edge "
            + edge.from()
            + " \u2192 "
            + edge.to()
            + " could not be decided: "
            + cause.getMessage(),
        cause);
  }
}
