package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 15, LLM-bound runs: an agent_call node whose model answers within one streaming interval
 * after its first token costs no commit besides its reservation and its outcome. Its streamed text
 * and its {@code agent.invoked} audit record commit with the step (checked by the rows' {@code
 * xmin} or {@code created_at}, which tell the transaction that wrote them), not in commits of their
 * own: with 200 runs at once, those commits queued for a pooled connection while the model's stream
 * waited unread.
 */
class AgentCallCommitsIT extends ServiceTest {

  @Autowired private Tenancy tenancy;

  @Test
  void aShortAnswersStreamAndAuditRecordCommitWithTheStepAndItsCharge() {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("brief", marker);
    // The first token comes well after a streaming interval (100 ms) from the call's start; one
    // delta, so that a slow machine cannot spread the answer over two intervals.
    providers
        .anthropic()
        .when(marker)
        .reply(Reply.text("Hello there").delay(Duration.ofMillis(400)));

    var done =
        executions.run(
            """
            {'entry_point': 'ask', 'nodes': [
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'brief'}],
             'edges': []}
            """,
            Map.of("q", "hi"),
            "completed");
    UUID id = UUID.fromString(done.get("id").asString());

    List<Map<String, Object>> events =
        tenancy.inSystemTransaction(
            "test reads events",
            () ->
                jdbc.sql(
                        """
                        SELECT payload->>'type' AS type, payload->>'chunk' AS chunk,
                               xmin::text AS tx
                        FROM execution_events WHERE execution_id = ? ORDER BY seq
                        """)
                    .param(id)
                    .query()
                    .listOfRows());
    var streamed = events.stream().filter(e -> "agent_streaming".equals(e.get("type"))).toList();
    var completed =
        events.stream()
            .filter(e -> "step_complete".equals(e.get("type")))
            .findFirst()
            .orElseThrow();
    assertThat(streamed).as("one chunk, held for the outcome: %s", events).hasSize(1);
    assertThat(streamed.getFirst().get("chunk")).isEqualTo("Hello there");
    assertThat(streamed.getFirst().get("tx")).isEqualTo(completed.get("tx"));

    String chargeStarted =
        tenancy.inSystemTransaction(
            "test reads the charge",
            () ->
                jdbc.sql(
                        """
                        SELECT created_at::text FROM credit_ledger
                        WHERE reference_id = ? AND type = 'usage'
                        """)
                    .param(id.toString())
                    .query(String.class)
                    .single());
    List<String> auditStarted =
        tenancy.inSystemTransaction(
            "test reads the audit log",
            () ->
                jdbc.sql(
                        """
                        SELECT created_at::text FROM audit_logs
                        WHERE workspace_id = ? AND action = 'agent.invoked'
                        """)
                    .param(user.workspaceId())
                    .query(String.class)
                    .list());
    // The audit chain updates its rows later (their xmin changes): now(), the start of the
    // transaction that inserted a row, tells the commit instead.
    assertThat(auditStarted).as("the call's audit record").singleElement().isEqualTo(chargeStarted);
  }
}
