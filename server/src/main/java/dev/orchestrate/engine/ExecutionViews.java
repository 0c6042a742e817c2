package dev.orchestrate.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The execution and step shapes of the contract. */
final class ExecutionViews {

  private ExecutionViews() {}

  /**
   * An execution with its steps (one per node: its latest run, or pending) and waiting approvals.
   *
   * @param budget the most the run may spend, in credits; null when unlimited
   * @param spent what the run has spent so far: its {@code total_cost}, named for the budget meter
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ExecutionView(
      UUID id,
      UUID pipelineId,
      int pipelineVersion,
      UUID workspaceId,
      String status,
      JsonNode input,
      JsonNode output,
      JsonNode error,
      BigDecimal totalCost,
      BigDecimal budget,
      BigDecimal spent,
      long inputTokens,
      long outputTokens,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs,
      List<StepView> steps,
      List<PendingApproval> pendingApprovals) {}

  /**
   * @param toolCalls each MCP tool call the step made, in order: {@code {mcp, tool, status,
   *     attempt, duration_ms, bytes, simulated, truncated?}}
   * @param modelCalls each paid model call the step made, in order: {@code {agent_slug, provider,
   *     model, simulated, status, attempt, input_tokens, output_tokens, cost}}
   * @param input what the step read: {@code {input, steps: {node_id: output}}}, the execution's
   *     input and the outputs its templates reference (all upstream outputs without a template);
   *     null before it started
   * @param prompt what an agent_call step sent its agents, {@code [{role, content, agent_slug?}]};
   *     null for other nodes and until the step's first attempt ends
   */
  record StepView(
      String nodeId,
      String label,
      String type,
      String status,
      int attempt,
      int run,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs,
      BigDecimal cost,
      long inputTokens,
      long outputTokens,
      JsonNode output,
      JsonNode error,
      JsonNode toolCalls,
      JsonNode modelCalls,
      JsonNode input,
      JsonNode prompt) {}

  /**
   * A decision an execution waits for: a human gate's ({@code kind: "gate"}), or a larger budget
   * ({@code kind: "budget"}, with {@code spent}, {@code budget} and {@code needed}, the most the
   * waiting step's calls may cost; null for gates).
   */
  record PendingApproval(
      String nodeId,
      String label,
      String kind,
      Instant requestedAt,
      String message,
      List<String> approvers,
      Instant deadline,
      BigDecimal spent,
      BigDecimal budget,
      BigDecimal needed) {}

  /** What starting an execution answers. */
  record Started(UUID executionId, String status, String wsUrl) {}
}
