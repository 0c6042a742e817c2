package dev.orchestrate.engine;

import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.engine.ExecutionViews.ExecutionView;
import dev.orchestrate.engine.ExecutionViews.PendingApproval;
import dev.orchestrate.engine.ExecutionViews.StepView;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.pipeline.graph.NodeSpec;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads executions as the API shows them. */
@Component
class ExecutionQueries {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Plans plans;

  ExecutionQueries(JdbcClient jdbc, JsonMapper json, Plans plans) {
    this.jdbc = jdbc;
    this.json = json;
    this.plans = plans;
  }

  /** The full view; must run inside a transaction that can read the execution. */
  ExecutionView view(ExecutionRow e) {
    Map<String, StepView> latest = new java.util.LinkedHashMap<>();
    Map<String, Instant> waitingSince = new HashMap<>();
    Map<String, Instant> deadlines = new HashMap<>();
    Map<String, BigDecimal> needs = new HashMap<>();
    jdbc.sql(
            """
            SELECT DISTINCT ON (node_id) node_id, label, type, status, attempt, run, started_at,
                   finished_at, cost, input_tokens, output_tokens, output::text AS output,
                   error::text AS error, tool_calls::text AS tool_calls,
                   model_calls::text AS model_calls, input::text AS input, prompt::text AS prompt,
                   wait_deadline, updated_at, budget_needed
            FROM pipeline_steps WHERE execution_id = ? ORDER BY node_id, run DESC
            """)
        .param(e.id())
        .query(
            rs -> {
              Instant started = instant(rs.getTimestamp("started_at"));
              Instant finished = instant(rs.getTimestamp("finished_at"));
              String node = rs.getString("node_id");
              latest.put(
                  node,
                  new StepView(
                      node,
                      rs.getString("label"),
                      rs.getString("type"),
                      rs.getString("status"),
                      rs.getInt("attempt"),
                      rs.getInt("run"),
                      started,
                      finished,
                      started != null && finished != null
                          ? Duration.between(started, finished).toMillis()
                          : null,
                      Money.normalize(rs.getBigDecimal("cost")),
                      rs.getLong("input_tokens"),
                      rs.getLong("output_tokens"),
                      tree(rs.getString("output")),
                      tree(rs.getString("error")),
                      tree(rs.getString("tool_calls")),
                      tree(rs.getString("model_calls")),
                      tree(rs.getString("input")),
                      tree(rs.getString("prompt"))));
              if ("awaiting_approval".equals(rs.getString("status"))) {
                waitingSince.put(node, instant(rs.getTimestamp("updated_at")));
                deadlines.put(node, instant(rs.getTimestamp("wait_deadline")));
                if (rs.getBigDecimal("budget_needed") != null) {
                  needs.put(node, rs.getBigDecimal("budget_needed"));
                }
              }
            });
    List<NodeSpec> nodes;
    try {
      nodes = plans.get(e.workspaceId(), e.pipelineId(), e.pipelineVersion()).graph().nodes();
    } catch (OrchestrateException unrunnable) {
      // A version that no longer passes today's checks (stored by an older release) ran, or
      // failed, all the same: show the steps it recorded rather than refuse to show the run.
      nodes = List.of();
    }
    List<StepView> steps = new ArrayList<>(nodes.isEmpty() ? latest.values() : List.of());
    List<PendingApproval> pending = new ArrayList<>();
    for (NodeSpec node : nodes) {
      StepView step = latest.get(node.id());
      steps.add(
          step != null
              ? step
              : new StepView(
                  node.id(),
                  node.label(),
                  node.type(),
                  "pending",
                  0,
                  0,
                  null,
                  null,
                  null,
                  java.math.BigDecimal.ZERO,
                  0,
                  0,
                  null,
                  null,
                  json.createArrayNode(),
                  json.createArrayNode(),
                  null,
                  null));
      // A gate of an execution that ended (cancelled, failed elsewhere) waits for nobody.
      if (e.status().terminal() || !waitingSince.containsKey(node.id())) {
        continue;
      }
      if (node instanceof HumanGateNode gate) {
        pending.add(
            new PendingApproval(
                node.id(),
                node.label(),
                "gate",
                waitingSince.get(node.id()),
                approvalMessage(e, node.id()),
                gate.approvers(),
                deadlines.get(node.id()),
                null,
                null,
                null));
      } else if (needs.containsKey(node.id())) {
        pending.add(
            new PendingApproval(
                node.id(),
                node.label(),
                "budget",
                waitingSince.get(node.id()),
                approvalMessage(e, node.id()),
                BudgetDecisions.APPROVERS,
                null,
                Money.normalize(e.totalCost()),
                e.budget() == null ? null : Money.normalize(e.budget()),
                Money.normalize(needs.get(node.id()))));
      }
    }
    return summary(e, steps, pending);
  }

  ExecutionView summary(ExecutionRow e, List<StepView> steps, List<PendingApproval> pending) {
    Long duration =
        e.startedAt() == null
            ? null
            : Duration.between(
                    e.startedAt(), e.finishedAt() != null ? e.finishedAt() : Instant.now())
                .toMillis();
    return new ExecutionView(
        e.id(),
        e.pipelineId(),
        e.pipelineVersion(),
        e.workspaceId(),
        e.status().wire(),
        e.input(),
        e.output(),
        e.error(),
        Money.normalize(e.totalCost()),
        e.budget() == null ? null : Money.normalize(e.budget()),
        Money.normalize(e.totalCost()),
        e.inputTokens(),
        e.outputTokens(),
        e.createdAt(),
        e.startedAt(),
        e.finishedAt(),
        duration,
        steps,
        pending);
  }

  private String approvalMessage(ExecutionRow e, String nodeId) {
    return jdbc.sql(
            """
            SELECT payload->>'message' FROM execution_events
            WHERE execution_id = ? AND type = 'approval_required' AND payload->>'node_id' = ?
            ORDER BY seq DESC LIMIT 1
            """)
        .params(e.id(), nodeId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private JsonNode tree(String text) {
    return text == null ? null : json.readTree(text);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
