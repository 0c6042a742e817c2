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
import java.util.UUID;
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
    jdbc.sql(
            """
            SELECT DISTINCT ON (node_id) node_id, label, type, status, attempt, run, started_at,
                   finished_at, cost, input_tokens, output_tokens, output::text AS output,
                   error::text AS error, tool_calls::text AS tool_calls,
                   model_calls::text AS model_calls, input::text AS input, prompt::text AS prompt
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
            });
    List<NodeSpec> nodes = nodes(e);
    List<StepView> steps = new ArrayList<>(nodes.isEmpty() ? latest.values() : List.of());
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
    }
    return summary(e, steps, pending(e, nodes, waiting(List.of(e)).getOrDefault(e.id(), Map.of())));
  }

  /**
   * List items: the executions without their steps but with their pending approvals, read for the
   * whole page in one query (plus the compiled plan of each distinct pipeline version, cached), not
   * one per execution.
   */
  List<ExecutionView> summaries(List<ExecutionRow> rows) {
    Map<UUID, Map<String, Waiting>> waiting = waiting(rows);
    return rows.stream()
        .map(
            e ->
                summary(
                    e,
                    List.of(),
                    waiting.containsKey(e.id())
                        ? pending(e, nodes(e), waiting.get(e.id()))
                        : List.of()))
        .toList();
  }

  /** The nodes of the version the execution runs, in graph order; none if it no longer compiles. */
  private List<NodeSpec> nodes(ExecutionRow e) {
    try {
      return plans.get(e.workspaceId(), e.pipelineId(), e.pipelineVersion()).graph().nodes();
    } catch (OrchestrateException unrunnable) {
      // A version that no longer passes today's checks (stored by an older release) ran, or
      // failed, all the same: show the steps it recorded rather than refuse to show the run.
      return List.of();
    }
  }

  /** A node whose latest run waits for a decision: since when, until when, and what it asks. */
  private record Waiting(Instant since, Instant deadline, BigDecimal needed, String message) {}

  /**
   * The waiting nodes of the executions that have not ended (a gate of an execution that ended,
   * cancelled or failed elsewhere, waits for nobody), by execution and node, in one query.
   */
  private Map<UUID, Map<String, Waiting>> waiting(List<ExecutionRow> rows) {
    UUID[] open =
        rows.stream()
            .filter(e -> !e.status().terminal())
            .map(ExecutionRow::id)
            .toArray(UUID[]::new);
    Map<UUID, Map<String, Waiting>> waiting = new HashMap<>();
    if (open.length == 0) {
      return waiting;
    }
    jdbc.sql(
            """
            SELECT s.execution_id, s.node_id, s.updated_at, s.wait_deadline, s.budget_needed,
                   (SELECT ev.payload->>'message' FROM execution_events ev
                     WHERE ev.execution_id = s.execution_id AND ev.type = 'approval_required'
                       AND ev.payload->>'node_id' = s.node_id
                     ORDER BY ev.seq DESC LIMIT 1) AS message
            FROM (SELECT DISTINCT ON (execution_id, node_id) execution_id, node_id, status,
                         updated_at, wait_deadline, budget_needed
                  FROM pipeline_steps WHERE execution_id = ANY (?)
                  ORDER BY execution_id, node_id, run DESC) s
            WHERE s.status = 'awaiting_approval'
            """)
        .param(open)
        .query(
            rs -> {
              waiting
                  .computeIfAbsent(rs.getObject("execution_id", UUID.class), id -> new HashMap<>())
                  .put(
                      rs.getString("node_id"),
                      new Waiting(
                          instant(rs.getTimestamp("updated_at")),
                          instant(rs.getTimestamp("wait_deadline")),
                          rs.getBigDecimal("budget_needed"),
                          rs.getString("message")));
            });
    return waiting;
  }

  /** The decisions the execution waits for, in graph order: gates, and budget approvals. */
  private static List<PendingApproval> pending(
      ExecutionRow e, List<NodeSpec> nodes, Map<String, Waiting> waiting) {
    List<PendingApproval> pending = new ArrayList<>();
    for (NodeSpec node : nodes) {
      Waiting w = waiting.get(node.id());
      if (w == null) {
        continue;
      }
      if (node instanceof HumanGateNode gate) {
        pending.add(
            new PendingApproval(
                node.id(),
                node.label(),
                "gate",
                w.since(),
                w.message(),
                gate.approvers(),
                w.deadline(),
                null,
                null,
                null));
      } else if (w.needed() != null) {
        pending.add(
            new PendingApproval(
                node.id(),
                node.label(),
                "budget",
                w.since(),
                w.message(),
                BudgetDecisions.APPROVERS,
                null,
                Money.normalize(e.totalCost()),
                e.budget() == null ? null : Money.normalize(e.budget()),
                Money.normalize(w.needed())));
      }
    }
    return pending;
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

  private JsonNode tree(String text) {
    return text == null ? null : json.readTree(text);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
