package dev.orchestrate.engine;

import static dev.orchestrate.engine.Executions.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Executions that used to stay {@code running} forever, claimed again every lease, holding a slot
 * of their workspace: whatever a step throws, the run ends.
 */
class PoisonExecutionsIT extends ServiceTest {

  @Autowired private Tenancy tenancy;

  private Executions executions;

  @BeforeEach
  void signUp() {
    executions = new Executions(api, api.signUp(), tenancy, jdbc);
  }

  @Test
  void aResultTheDatabaseCannotHoldFailsTheStepInsteadOfHangingTheRun() {
    String marker = "marker-" + UUID.randomUUID();
    executions.agent("writer", marker);
    // PostgreSQL's jsonb takes no NUL character: storing this output throws on every attempt.
    providers.anthropic().when(marker).otherwise(Reply.text("before\u0000after"));

    JsonNode failed =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'write', 'type': 'agent_call', 'label': 'Write', 'agent_slug': 'writer',
                'prompt': 'Write'},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'write'}, {'from': 'write', 'to': 'done'}]}
            """,
            Map.of("topic", "nul"),
            "failed");

    JsonNode write = step(failed, "write");
    assertThat(write.get("error").get("code").asString()).isEqualTo("internal");
    assertThat(write.get("error").get("message").asString())
        .startsWith("The step")
        .doesNotContain("java.", "Exception", "SQL");
    assertThat(failed.get("error").get("code").asString()).isEqualTo("internal");
  }

  @Test
  void aVersionWhoseSchemaCannotRunEndsFailedInsteadOfBeingClaimedForever() {
    // A version stored before its schema was checked as the runner checks it (an older release):
    // its validation node throws where it should have answered.
    String pipelineId =
        executions.pipeline(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'check', 'type': 'validation', 'label': 'Check', 'schema': {'type': 'object'}},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'check'}, {'from': 'check', 'to': 'done'}]}
            """);
    UUID ws = executions.user().workspaceId();
    UUID id =
        tenancy.inSystemTransaction(
            "test stores a version no check saw",
            () -> {
              jdbc.sql(
                      """
                      INSERT INTO pipeline_versions (pipeline_id, version, workspace_id, graph_definition)
                      SELECT pipeline_id, 2, workspace_id,
                             jsonb_set(graph_definition, '{nodes,1,schema}', '{"$dynamicRef": "#x"}')
                      FROM pipeline_versions WHERE pipeline_id = ? AND version = 1
                      """)
                  .param(UUID.fromString(pipelineId))
                  .update();
              return jdbc.sql(
                      """
                      INSERT INTO pipeline_executions (workspace_id, pipeline_id, pipeline_version,
                                                       status, input, started_by)
                      VALUES (?, ?, 2, 'queued', '{"topic": "schema"}', ?) RETURNING id
                      """)
                  .params(ws, UUID.fromString(pipelineId), executions.user().userId())
                  .query(UUID.class)
                  .single();
            });

    JsonNode failed = executions.awaitStatus(id.toString(), "failed");

    assertThat(failed.get("error").get("code").asString()).isIn("internal", "validation_failed");
    assertThat(failed.get("error").get("message").asString())
        .doesNotContain("java.", "Exception", "InvalidSchemaRef");
  }
}
