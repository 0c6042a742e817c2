package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A step's completion as few statements as it can be: its row, its events and the rows of the next
 * superstep's nodes it starts, written together. The engine's hot path; the rest of pipeline_steps
 * is {@link StepRepository}'s.
 */
@Repository
class StepCompletions {

  /**
   * What a completed attempt writes on its row.
   *
   * @param taken the edges leaving the node that its output takes
   */
  record CompletedStep(
      UUID stepId,
      JsonNode output,
      JsonNode prompt,
      BigDecimal cost,
      long inputTokens,
      long outputTokens,
      List<String> taken) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  StepCompletions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * A completion's writes after its seqs are taken, as ONE statement (a round trip, not three): its
   * events, its row, and the rows of the next superstep's nodes it starts ({@code next}, maybe
   * none). Answers the started rows.
   */
  List<StepRecord> completeAndStart(
      EventLog.Statement events,
      CompletedStep step,
      Lease lease,
      List<StepTransitions.NextStart> next) {
    var update = completeStatement(step);
    List<Object> params = new ArrayList<>(events.params());
    params.addAll(update.params());
    if (next.isEmpty()) {
      jdbc.sql("WITH e AS (" + events.sql() + ") " + update.sql()).params(params).update();
      return List.of();
    }
    var insert = startAllStatement(lease, next);
    params.addAll(insert.params());
    Map<String, UUID> ids = new HashMap<>();
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
      CompletedStep step,
      List<StepTransitions.NextStart> next) {
    int count = events.texts().size();
    List<Object> params = new ArrayList<>();
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
            step.cost(),
            step.inputTokens(),
            step.outputTokens(),
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
    var update = completeStatement(step);
    sql.append(update.sql().replace("WHERE id = ?", "FROM x WHERE pipeline_steps.id = ?"))
        .append(")");
    params.addAll(update.params());
    Map<String, UUID> ids = new HashMap<>();
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
        params.addAll(rowValues(start));
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

  private EventLog.Statement completeStatement(CompletedStep step) {
    return new EventLog.Statement(
        """
        UPDATE pipeline_steps SET status = 'completed', output = ?::jsonb,
               prompt = coalesce(?::jsonb, prompt), cost = ?, input_tokens = ?,
               output_tokens = ?, taken_edges = ?, finished_at = now(), updated_at = now()
        WHERE id = ?
        """,
        Arrays.asList(
            json.writeValueAsString(step.output()),
            jsonOrNull(step.prompt()),
            step.cost(),
            step.inputTokens(),
            step.outputTokens(),
            step.taken().toArray(String[]::new),
            step.stepId()));
  }

  /** The INSERT of the first attempt of several nodes' runs, answering their ids by node. */
  private EventLog.Statement startAllStatement(Lease lease, List<StepTransitions.NextStart> next) {
    var sql =
        new StringBuilder(
            """
            INSERT INTO pipeline_steps (execution_id, workspace_id, node_id, run, label, type, status,
                                        attempt, superstep, started_at, input) VALUES\s""");
    List<Object> params = new ArrayList<>();
    for (var start : next) {
      sql.append(params.isEmpty() ? "" : ", ")
          .append("(?, ?, ?, ?, ?, ?, 'running', 1, ?, now(), ?::jsonb)");
      params.add(lease.executionId());
      params.add(lease.workspaceId());
      params.addAll(rowValues(start));
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

  /** A next node's own values of its new row: node id, run, label, type, superstep, input. */
  private List<Object> rowValues(StepTransitions.NextStart start) {
    return Arrays.asList(
        start.node().id(),
        start.run(),
        start.node().label(),
        start.node().type(),
        start.superstep(),
        jsonOrNull(start.input()));
  }

  private String jsonOrNull(JsonNode value) {
    return value == null ? null : json.writeValueAsString(value);
  }
}
