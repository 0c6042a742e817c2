package dev.orchestrate.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code POST /orchestrate/pipeline/estimate}, in credits.
 *
 * @param max the most the run can be charged: every paid call it can make, each at its maximum
 * @param typical the median cost of the workspace's completed runs of this version; null before the
 *     first
 * @param typicalRuns how many completed runs {@code typical} was taken from
 * @param nodes every agent_call node, in the graph's order
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Estimate(
    UUID pipelineId,
    int pipelineVersion,
    BigDecimal max,
    BigDecimal typical,
    String currency,
    int typicalRuns,
    List<NodeEstimate> nodes) {

  /**
   * One paid node.
   *
   * @param max the most its runs can be charged
   * @param typical the median of what it cost in the completed runs; null before the first
   * @param calls the most model calls it can make: runs x attempts x each agent's tool rounds
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record NodeEstimate(
      String nodeId, String label, BigDecimal max, BigDecimal typical, long calls) {}
}
