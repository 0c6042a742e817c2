package dev.orchestrate.engine;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.pipeline.graph.NodeSpec;
import dev.orchestrate.pipeline.graph.OnBudget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What a node handler gets to run one attempt.
 *
 * @param outputs the latest output of every completed node, by id (templates read these)
 * @param upstream completed nodes that lead to this one (the default prompt quotes them)
 * @param timeout the attempt's deadline, if the node or its type sets one
 * @param secretsAsOf when the execution was created or last retried: it reads the secret versions
 *     in effect then, so replacing a secret does not change a run already going, and a retry after
 *     fixing a key uses the fixed one
 * @param budget the run's budget in credits; null when unlimited
 * @param onBudget what the run does when a paid node would not fit in what is left of its budget
 */
record NodeContext(
    Lease lease,
    UUID executionId,
    UUID workspaceId,
    JsonNode input,
    NodeSpec node,
    UUID stepId,
    int run,
    int attempt,
    Map<String, JsonNode> outputs,
    Map<String, String> labels,
    Set<String> upstream,
    CallControl control,
    Duration timeout,
    StepEvents events,
    Instant secretsAsOf,
    BigDecimal budget,
    OnBudget onBudget) {

  /** The charge key of one model call, unique per execution, node run, attempt, agent and round. */
  String chargeKey(String agentSlug, int round) {
    return "exec:%s:%s:%d:%d:%s:%d"
        .formatted(executionId, node.id(), run, attempt, agentSlug, round);
  }
}
