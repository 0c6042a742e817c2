package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pipeline_steps table: one row per run of a node. */
@Repository
class StepRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  StepRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<StepRecord> forExecution(UUID executionId) {
    return jdbc.sql(
            """
            SELECT id, node_id, run, status, attempt, coalesce(superstep, 0) AS superstep,
                   output::text AS output, error::text AS error, taken_edges
            FROM pipeline_steps WHERE execution_id = ? ORDER BY superstep, node_id, run
            """)
        .param(executionId)
        .query(this::record)
        .list();
  }

  UUID start(
      Lease lease,
      String nodeId,
      int run,
      String label,
      String type,
      int superstep,
      int attempt,
      JsonNode input) {
    return jdbc.sql(
            """
            INSERT INTO pipeline_steps (execution_id, workspace_id, node_id, run, label, type, status,
                                        attempt, superstep, started_at, input)
            VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, now(), ?::jsonb)
            RETURNING id
            """)
        .params(
            lease.executionId(),
            lease.workspaceId(),
            nodeId,
            run,
            label,
            type,
            attempt,
            superstep,
            jsonOrNull(input))
        .query(UUID.class)
        .single();
  }

  /** Appends one tool call's record (a JSON object) to the step's {@code tool_calls}. */
  void appendToolCall(UUID stepId, String recordJson) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET tool_calls = tool_calls || jsonb_build_array(?::jsonb),
                   updated_at = now()
            WHERE id = ?
            """)
        .params(recordJson, stepId)
        .update();
  }

  /** Appends one model call's record (a JSON object) to the step's {@code model_calls}. */
  void appendModelCall(UUID stepId, String recordJson) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET model_calls = model_calls || jsonb_build_array(?::jsonb),
                   updated_at = now()
            WHERE id = ?
            """)
        .params(recordJson, stepId)
        .update();
  }

  /** Starts an existing row again: a retry, or work a dead instance left running. */
  void restart(UUID stepId, int attempt, int superstep, JsonNode input) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'running', attempt = ?, superstep = ?, error = NULL,
                   input = ?::jsonb, started_at = now(), finished_at = NULL, updated_at = now()
            WHERE id = ?
            """)
        .params(attempt, superstep, jsonOrNull(input), stepId)
        .update();
  }

  void fail(
      UUID stepId,
      JsonNode error,
      JsonNode prompt,
      BigDecimal cost,
      long inputTokens,
      long outputTokens) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'failed', error = ?::jsonb,
                   prompt = coalesce(?::jsonb, prompt), cost = cost + ?,
                   input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                   finished_at = now(), updated_at = now()
            WHERE id = ?
            """)
        .params(
            json.writeValueAsString(error),
            jsonOrNull(prompt),
            cost,
            inputTokens,
            outputTokens,
            stepId)
        .update();
  }

  /** Adds what a failed attempt cost (and what it sent) to a step that will be tried again. */
  void addUsage(
      UUID stepId, JsonNode prompt, BigDecimal cost, long inputTokens, long outputTokens) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET prompt = coalesce(?::jsonb, prompt), cost = cost + ?,
                   input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                   updated_at = now()
            WHERE id = ?
            """)
        .params(jsonOrNull(prompt), cost, inputTokens, outputTokens, stepId)
        .update();
  }

  void await(UUID stepId, Instant deadline) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'awaiting_approval', wait_deadline = ?, updated_at = now()
            WHERE id = ?
            """)
        .params(deadline == null ? null : Timestamp.from(deadline), stepId)
        .update();
  }

  /** The step waits for a larger budget; {@code needed} is the most its calls may cost. */
  void awaitBudget(UUID stepId, BigDecimal needed) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'awaiting_approval', budget_needed = ?,
                   wait_deadline = NULL, updated_at = now()
            WHERE id = ?
            """)
        .params(needed, stepId)
        .update();
  }

  UUID markSkipped(Lease lease, String nodeId, String label, String type, int superstep) {
    return jdbc.sql(
            """
            INSERT INTO pipeline_steps (execution_id, workspace_id, node_id, run, label, type, status,
                                        superstep, finished_at)
            VALUES (?, ?, ?, 1, ?, ?, 'skipped', ?, now())
            RETURNING id
            """)
        .params(lease.executionId(), lease.workspaceId(), nodeId, label, type, superstep)
        .query(UUID.class)
        .single();
  }

  /**
   * Resolves a waiting gate; answers the step as it is now (as {@link #forExecution} reads it), or
   * nothing when it was not waiting (already decided, or not a gate).
   */
  List<StepRecord> decide(UUID executionId, String nodeId, JsonNode output, List<String> taken) {
    return jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'completed', output = ?::jsonb, taken_edges = ?,
                   finished_at = now(), updated_at = now()
            WHERE execution_id = ? AND node_id = ? AND status = 'awaiting_approval'
            RETURNING id, node_id, run, status, attempt, coalesce(superstep, 0) AS superstep,
                      output::text AS output, error::text AS error, taken_edges
            """)
        .params(json.writeValueAsString(output), taken.toArray(String[]::new), executionId, nodeId)
        .query(this::record)
        .list();
  }

  /** The nodes whose step waits for a larger budget. */
  List<String> awaitingBudget(UUID executionId) {
    return jdbc.sql(
            """
            SELECT node_id FROM pipeline_steps
            WHERE execution_id = ? AND status = 'awaiting_approval' AND budget_needed IS NOT NULL
            ORDER BY node_id
            """)
        .param(executionId)
        .query(String.class)
        .list();
  }

  /** The budget was raised: every step that waited for it goes back to pending, to run. */
  void resumeAfterBudget(UUID executionId) {
    jdbc.sql(
            """
            UPDATE pipeline_steps SET status = 'pending', budget_needed = NULL, updated_at = now()
            WHERE execution_id = ? AND status = 'awaiting_approval' AND budget_needed IS NOT NULL
            """)
        .param(executionId)
        .update();
  }

  /** A budget approval was rejected; false when that step was not waiting for a budget. */
  boolean failForBudget(UUID executionId, String nodeId, Map<String, Object> error) {
    return jdbc.sql(
                """
                UPDATE pipeline_steps SET status = 'failed', error = ?::jsonb, budget_needed = NULL,
                       finished_at = now(), updated_at = now()
                WHERE execution_id = ? AND node_id = ? AND status = 'awaiting_approval'
                  AND budget_needed IS NOT NULL
                """)
            .params(json.writeValueAsString(error), executionId, nodeId)
            .update()
        == 1;
  }

  /** Puts a failed execution's failed steps back to pending, for a retry from where it stopped. */
  int resetFailed(UUID executionId) {
    return jdbc.sql(
            "UPDATE pipeline_steps SET status = 'pending', updated_at = now() WHERE execution_id = ? AND status = 'failed'")
        .param(executionId)
        .update();
  }

  private String jsonOrNull(JsonNode value) {
    return value == null ? null : json.writeValueAsString(value);
  }

  private StepRecord record(ResultSet rs, int n) throws SQLException {
    Array taken = rs.getArray("taken_edges");
    return new StepRecord(
        rs.getObject("id", UUID.class),
        rs.getString("node_id"),
        rs.getInt("run"),
        StepStatus.of(rs.getString("status")),
        rs.getInt("attempt"),
        rs.getInt("superstep"),
        rs.getString("output") == null ? null : json.readTree(rs.getString("output")),
        rs.getString("error") == null ? null : json.readTree(rs.getString("error")),
        taken == null ? List.of() : Arrays.asList((String[]) taken.getArray()));
  }
}
