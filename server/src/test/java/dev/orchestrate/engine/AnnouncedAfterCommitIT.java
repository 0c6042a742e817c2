package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.ServiceTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Events are announced on {@code orchestrate_events} (for the other instances) only once the
 * transaction that wrote them has committed, and not at all if it rolls back; a write made without
 * a transaction is announced at once.
 */
class AnnouncedAfterCommitIT extends ServiceTest {

  private static final String GATE =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'ok', 'type': 'human_gate', 'label': 'OK?', 'approvers': ['owner']},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'ok'}, {'from': 'ok', 'to': 'done'}]}
      """;

  @Autowired private Tenancy tenancy;
  @Autowired private EventLog events;
  @Autowired private HikariDataSource database;

  @Test
  void aRolledBackWriteIsNeverAnnouncedAndACommittedOneIsAnnouncedAfterCommit() throws Exception {
    var executions = new Executions(api, api.signUp(), tenancy, jdbc);
    String id = executions.start(executions.pipeline(GATE), Map.of("n", 1));
    // Waiting at its gate, the execution writes nothing more by itself.
    executions.awaitStatus(id, "awaiting_approval");
    UUID executionId = UUID.fromString(id);
    UUID workspaceId = executions.user().workspaceId();

    try (var listener = new Listener()) {
      long last = lastSeq(executionId);
      assertThatThrownBy(
              () ->
                  tenancy.inSystemTransaction(
                      "test: rolled back",
                      () -> {
                        events.appendAsDecision(
                            executionId,
                            workspaceId,
                            List.of(EngineEvent.of("test_note"), EngineEvent.of("test_note")));
                        throw new IllegalStateException("rolled back");
                      }))
          .hasMessage("rolled back");
      tenancy.inSystemTransaction(
          "test: committed",
          () -> {
            events.appendAsDecision(executionId, workspaceId, List.of(EngineEvent.of("test_note")));
            return null;
          });

      // Announcements go out in the order they were made: had the rolled-back batch (two
      // events) been announced, it would come before the committed one (one event, same seq).
      await()
          .atMost(Executions.WAIT)
          .until(() -> listener.batchesOf(executionId, last).size() >= 1);
      assertThat(listener.batchesOf(executionId, last))
          .containsExactly(batch(executionId, workspaceId, last + 1, last + 1));

      // Without a transaction the write is committed already: announced at once.
      events.written(executionId, workspaceId, last + 2, last + 3);
      await()
          .atMost(Executions.WAIT)
          .until(() -> listener.batchesOf(executionId, last).size() >= 2);
      assertThat(listener.batchesOf(executionId, last))
          .containsExactly(
              batch(executionId, workspaceId, last + 1, last + 1),
              batch(executionId, workspaceId, last + 2, last + 3));
    }
  }

  private long lastSeq(UUID executionId) {
    return tenancy.inSystemTransaction(
        "test: last seq",
        () ->
            jdbc.sql("SELECT last_event_seq FROM pipeline_executions WHERE id = ?")
                .param(executionId)
                .query(Long.class)
                .single());
  }

  private static String batch(UUID executionId, UUID workspaceId, long first, long last) {
    return executionId + " " + workspaceId + " " + first + " " + last;
  }

  /** A plain connection listening on the channel other instances listen on. */
  private final class Listener implements AutoCloseable {

    private final Connection connection;
    private final List<String> lines = new ArrayList<>();

    Listener() throws SQLException {
      connection =
          DriverManager.getConnection(
              database.getJdbcUrl(), database.getUsername(), database.getPassword());
      try (Statement st = connection.createStatement()) {
        st.execute("LISTEN orchestrate_events");
      }
    }

    /**
     * The batch lines heard so far (each payload: origin, batches) about {@code executionId}'s
     * events after {@code seq}: earlier ones may still arrive, announced after the start.
     */
    List<String> batchesOf(UUID executionId, long seq) throws SQLException {
      PGNotification[] heard = connection.unwrap(PGConnection.class).getNotifications(100);
      if (heard != null) {
        for (PGNotification n : heard) {
          lines.addAll(Arrays.asList(n.getParameter().split("\n")));
        }
      }
      return lines.stream()
          .filter(l -> l.startsWith(executionId.toString()))
          .filter(l -> Long.parseLong(l.split(" ")[2]) > seq)
          .toList();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
