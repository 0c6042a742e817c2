package dev.orchestrate.engine;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the engine committed, read as the schema owner over a connection of the test's own: the
 * owner is not subject to row-level security, and no instance's code stands between the test and
 * the rows.
 */
final class OwnerRecords implements AutoCloseable {

  private static final String STEPS =
      """
      SELECT s.id, s.execution_id, s.node_id, s.run, s.type, s.status, s.attempt, s.finished_at,
             s.cost
      FROM pipeline_steps s
      """;

  private final SingleConnectionDataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate repeatableRead;

  OwnerRecords(String url, String user, String password) {
    this.dataSource = new SingleConnectionDataSource(url, user, password, true);
    this.jdbc = JdbcClient.create(dataSource);
    this.repeatableRead = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  /** An execution row, as far as leases and totals go. */
  record Execution(
      UUID id,
      String status,
      String owner,
      long leaseEpoch,
      long lastEventSeq,
      BigDecimal cost,
      String error) {}

  /** A step row: one run of a node. */
  record Step(
      UUID id,
      UUID executionId,
      String nodeId,
      int run,
      String type,
      String status,
      int attempt,
      Instant finishedAt,
      BigDecimal cost) {

    boolean isAgentCall() {
      return type.equals("agent_call");
    }
  }

  /** An execution event; {@code nodeId} and {@code attempt} are null where the type has none. */
  record Event(long seq, String type, String nodeId, Integer attempt) {}

  /** A credit ledger row. */
  record Entry(
      UUID id,
      String type,
      BigDecimal amount,
      String referenceId,
      UUID reservationId,
      String key) {}

  /** The executions an instance held and their steps, read in one snapshot. */
  record Held(List<Execution> executions, List<Step> steps) {

    Execution execution(UUID id) {
      return executions.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }
  }

  List<Execution> executions(UUID workspaceId) {
    return jdbc.sql(
            """
            SELECT id, status, owner, lease_epoch, last_event_seq, total_cost, error::text
            FROM pipeline_executions WHERE workspace_id = ? ORDER BY created_at
            """)
        .param(workspaceId)
        .query(
            (rs, n) ->
                new Execution(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getBigDecimal(6),
                    rs.getString(7)))
        .list();
  }

  List<Step> steps(UUID workspaceId) {
    return jdbc.sql(STEPS + " WHERE s.workspace_id = ?")
        .param(workspaceId)
        .query(this::step)
        .list();
  }

  /** The executions {@code owner} holds (its lease may have run out) and their steps, together. */
  Held heldBy(UUID workspaceId, String owner) {
    return repeatableRead.execute(
        status -> {
          var executions =
              executions(workspaceId).stream().filter(e -> owner.equals(e.owner())).toList();
          var ids = executions.stream().map(Execution::id).toList();
          var steps = steps(workspaceId).stream().filter(s -> ids.contains(s.executionId()));
          return new Held(executions, steps.toList());
        });
  }

  /**
   * Writes history no test can wait for: the step of {@code nodeId} as if its runners had died
   * {@code attempt} times.
   */
  void setAttempt(UUID executionId, String nodeId, int attempt) {
    int updated =
        jdbc.sql("UPDATE pipeline_steps SET attempt = ? WHERE execution_id = ? AND node_id = ?")
            .params(attempt, executionId, nodeId)
            .update();
    if (updated != 1) {
      throw new IllegalStateException(updated + " steps of " + nodeId + " in " + executionId);
    }
  }

  /** Whether the execution's lease has run out (or it has none). */
  boolean leaseRunOut(UUID executionId) {
    return jdbc.sql(
            "SELECT coalesce(lease_until < now(), true) FROM pipeline_executions WHERE id = ?")
        .param(executionId)
        .query(Boolean.class)
        .single();
  }

  List<Event> events(UUID executionId) {
    return jdbc.sql(
            """
            SELECT seq, type, payload ->> 'node_id', (payload ->> 'attempt')::int
            FROM execution_events WHERE execution_id = ? ORDER BY seq
            """)
        .param(executionId)
        .query(
            (rs, n) ->
                new Event(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4) == null ? null : rs.getInt(4)))
        .list();
  }

  List<Entry> ledger(UUID workspaceId) {
    return jdbc.sql(
            """
            SELECT id, type, amount, reference_id, reservation_id, idempotency_key
            FROM credit_ledger WHERE workspace_id = ? ORDER BY created_at, id
            """)
        .param(workspaceId)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getBigDecimal(3),
                    rs.getString(4),
                    rs.getObject(5, UUID.class),
                    rs.getString(6)))
        .list();
  }

  /**
   * What an execution's steps in flight hold against its budget, on the execution and its steps.
   */
  List<BigDecimal> budgetReserved(UUID executionId) {
    return jdbc.sql(
            """
            SELECT e.budget_reserved,
                   (SELECT coalesce(sum(s.budget_reserved), 0) FROM pipeline_steps s
                     WHERE s.execution_id = e.id)
            FROM pipeline_executions e WHERE e.id = ?
            """)
        .param(executionId)
        .query((rs, n) -> List.of(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .single();
  }

  /** The account's balance and what open reservations hold, in that order. */
  List<BigDecimal> account(UUID workspaceId) {
    return jdbc.sql("SELECT balance, reserved FROM credit_accounts WHERE workspace_id = ?")
        .param(workspaceId)
        .query((rs, n) -> List.of(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .single();
  }

  /** Server sessions opened under this JDBC {@code ApplicationName}: a dead instance's linger. */
  int sessions(String applicationName) {
    return jdbc.sql(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = ? AND pid <> pg_backend_pid()
            """)
        .param(applicationName)
        .query(Integer.class)
        .single();
  }

  @Override
  public void close() {
    dataSource.destroy();
  }

  private Step step(ResultSet rs, int n) throws SQLException {
    Timestamp finished = rs.getTimestamp(8);
    return new Step(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getInt(4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        finished == null ? null : finished.toInstant(),
        rs.getBigDecimal(9));
  }
}
