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
import java.util.Optional;
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

  /**
   * A completion's writes after its seqs are taken, as ONE statement (a round trip, not three): its
   * events, its row, and the rows of the next superstep's nodes it starts ({@code next}, maybe
   * none). Answers the started rows.
   */
  List<StepRecord> completeAndStart(
      EventLog.Statement events,
      UUID stepId,
      JsonNode output,
      JsonNode prompt,
      BigDecimal cost,
      long inputTokens,
      long outputTokens,
      List<String> taken,
      Lease lease,
      List<StepTransitions.NextStart> next) {
    var update = completeStatement(stepId, output, prompt, cost, inputTokens, outputTokens, taken);
    List<Object> params = new java.util.ArrayList<>(events.params());
    params.addAll(update.params());
    if (next.isEmpty()) {
      jdbc.sql("WITH e AS (" + events.sql() + ") " + update.sql()).params(params).update();
      return List.of();
    }
    var insert = startAllStatement(lease, next);
    params.addAll(insert.params());
    Map<String, UUID> ids = new java.util.HashMap<>();
    jdbc.sql("WITH e AS (" + events.sql() + "), c AS (" + update.sql() + ") " + insert.sql())
        .params(params)
        .query((rs, n) -> ids.put(rs.getString(2), rs.getObject(1, UUID.class)))
        .list();
    return started(next, ids);
  }

  /**
   * A completion as ONE statement, its seqs taken in it: the fenced update of the execution (its
   * counters and totals, and with {@code next} only while its version is still {@code
   * knownVersion}), its events numbered from what that update answers, its row, and the rows of
   * {@code next}. Writes nothing and answers empty when the fence or the version did not hold; the
   * caller then takes the two-statement path, which tells a lost lease from a changed version.
   */
  Optional<AtOnce> completeAtOnce(
      Lease lease,
      EventLog.Unnumbered events,
      long knownVersion,
      UUID stepId,
      JsonNode output,
      JsonNode prompt,
      BigDecimal cost,
      long inputTokens,
      long outputTokens,
      List<String> taken,
      List<StepTransitions.NextStart> next) {
    int count = events.texts().size();
    List<Object> params = new java.util.ArrayList<>();
    var sql =
        new StringBuilder(
            """
            WITH x AS (
              UPDATE pipeline_executions
              SET last_event_seq = last_event_seq + ?, node_runs = node_runs + ?,
                  total_cost = total_cost + ?, input_tokens = input_tokens + ?,
                  output_tokens = output_tokens + ?, updated_at = now()
              WHERE id = ? AND owner = ? AND lease_epoch = ? AND (? OR version = ?)
              RETURNING last_event_seq, version
            ), e AS (
              INSERT INTO execution_events (execution_id, seq, workspace_id, type, payload)
              SELECT ?, x.last_event_seq - ? + v.i, ?, v.type,
                     v.payload::jsonb || jsonb_build_object('seq', x.last_event_seq - ? + v.i)
              FROM x, (VALUES\s""");
    params.addAll(
        Arrays.asList(
            count,
            next.size(),
            cost,
            inputTokens,
            outputTokens,
            lease.executionId(),
            lease.owner(),
            lease.epoch(),
            next.isEmpty(),
            knownVersion,
            lease.executionId(),
            count,
            lease.workspaceId(),
            count));
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ").append("(").append(i + 1).append(", ?, ?)");
      params.add(events.events().get(i).type());
      params.add(events.texts().get(i));
    }
    sql.append(") AS v(i, type, payload)), c AS (");
    var update = completeStatement(stepId, output, prompt, cost, inputTokens, outputTokens, taken);
    sql.append(update.sql().replace("WHERE id = ?", "FROM x WHERE pipeline_steps.id = ?"))
        .append(")");
    params.addAll(update.params());
    Map<String, UUID> ids = new java.util.HashMap<>();
    if (next.isEmpty()) {
      sql.append(" SELECT x.last_event_seq, x.version, NULL::uuid, NULL::text FROM x");
    } else {
      sql.append(
          """
          , n AS (
            INSERT INTO pipeline_steps (execution_id, workspace_id, node_id, run, label, type,
                                        status, attempt, superstep, started_at, input)
            SELECT ?, ?, v.node_id, v.run, v.label, v.type, 'running', 1, v.superstep, now(),
                   v.input::jsonb
            FROM x, (VALUES\s""");
      params.add(lease.executionId());
      params.add(lease.workspaceId());
      boolean first = true;
      for (var start : next) {
        sql.append(first ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        first = false;
        params.addAll(
            Arrays.asList(
                start.node().id(),
                start.run(),
                start.node().label(),
                start.node().type(),
                start.superstep(),
                jsonOrNull(start.input())));
      }
      sql.append(
          """
          ) AS v(node_id, run, label, type, superstep, input) RETURNING id, node_id)
          SELECT x.last_event_seq, x.version, n.id, n.node_id FROM x LEFT JOIN n ON true
          """);
    }
    List<long[]> rows =
        jdbc.sql(sql.toString())
            .params(params)
            .query(
                (rs, n) -> {
                  String nodeId = rs.getString(4);
                  if (nodeId != null) {
                    ids.put(nodeId, rs.getObject(3, UUID.class));
                  }
                  return new long[] {rs.getLong(1), rs.getLong(2)};
                })
            .list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AtOnce(rows.getFirst()[0], rows.getFirst()[1], started(next, ids)));
  }

  /**
   * What {@link #completeAtOnce} wrote.
   *
   * @param lastSeq the execution's last event seq, the completion's events included
   * @param version the execution's version as the write found it
   * @param started the rows of the next nodes it started
   */
  record AtOnce(long lastSeq, long version, List<StepRecord> started) {}

  private EventLog.Statement completeStatement(
      UUID stepId,
      JsonNode output,
      JsonNode prompt,
      BigDecimal cost,
      long inputTokens,
      long outputTokens,
      List<String> taken) {
    return new EventLog.Statement(
        """
        UPDATE pipeline_steps SET status = 'completed', output = ?::jsonb,
               prompt = coalesce(?::jsonb, prompt), cost = ?, input_tokens = ?,
               output_tokens = ?, taken_edges = ?, finished_at = now(), updated_at = now()
        WHERE id = ?
        """,
        Arrays.asList(
            json.writeValueAsString(output),
            jsonOrNull(prompt),
            cost,
            inputTokens,
            outputTokens,
            taken.toArray(String[]::new),
            stepId));
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

  /** The INSERT of the first attempt of several nodes' runs, answering their ids by node. */
  private EventLog.Statement startAllStatement(Lease lease, List<StepTransitions.NextStart> next) {
    var sql =
        new StringBuilder(
            """
            INSERT INTO pipeline_steps (execution_id, workspace_id, node_id, run, label, type, status,
                                        attempt, superstep, started_at, input) VALUES\s""");
    List<Object> params = new java.util.ArrayList<>();
    for (var start : next) {
      sql.append(params.isEmpty() ? "" : ", ")
          .append("(?, ?, ?, ?, ?, ?, 'running', 1, ?, now(), ?::jsonb)");
      params.addAll(
          Arrays.asList(
              lease.executionId(),
              lease.workspaceId(),
              start.node().id(),
              start.run(),
              start.node().label(),
              start.node().type(),
              start.superstep(),
              jsonOrNull(start.input())));
    }
    sql.append(" RETURNING id, node_id");
    return new EventLog.Statement(sql.toString(), params);
  }

  private static List<StepRecord> started(
      List<StepTransitions.NextStart> next, Map<String, UUID> ids) {
    return next.stream()
        .map(
            start ->
                new StepRecord(
                    ids.get(start.node().id()),
                    start.node().id(),
                    start.run(),
                    StepStatus.RUNNING,
                    1,
                    start.superstep(),
                    null,
                    null,
                    List.of()))
        .toList();
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
