package dev.orchestrate.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/** The database itself keeps workspaces apart, whatever a query forgets. */
class RowLevelSecurityIT extends ServiceTest {

  @Autowired Tenancy tenancy;

  @Test
  void theServiceQueriesAsARoleThatOwnsNothingAndCannotBypassSecurity() {
    assertThat(jdbc.sql("SELECT current_user").query(String.class).single())
        .isEqualTo("orchestrate_app");
    assertThat(
            jdbc.sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class)
                .single())
        .isFalse();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
                .query(Long.class)
                .single())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "users",
        "workspaces",
        "workspace_members",
        "agents",
        "pipelines",
        "pipeline_versions",
        "credit_accounts",
        "credit_ledger",
        "mcp_connections"
      })
  void aQueryWithoutTheTenancySettingSeesNoRows(String table) {
    api.signUp();
    long visibleToTheService =
        tenancy.inSystemTransaction(
            "test", () -> jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
    assertThat(visibleToTheService).as("rows exist in %s", table).isPositive();

    assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).isZero();
  }

  @Test
  void everyTableHoldingWorkspaceDataHasRowLevelSecurity() {
    List<String> unprotected =
        jdbc.sql(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity
                  AND c.relname NOT IN ('flyway_schema_history', 'rate_limit_windows')
                """)
            .query(String.class)
            .list();
    assertThat(unprotected).isEmpty();
  }

  @Test
  void aUserSeesOnlyTheirOwnWorkspacesRowsEvenWithoutAWhereClause() {
    var alice = api.signUp();
    var bob = api.signUp();

    List<UUID> aliceSees =
        tenancy.inUserTransaction(
            alice.userId(),
            () -> jdbc.sql("SELECT DISTINCT workspace_id FROM agents").query(UUID.class).list());
    assertThat(aliceSees).containsExactly(alice.workspaceId());

    int changed =
        tenancy.inUserTransaction(
            alice.userId(), () -> jdbc.sql("UPDATE agents SET name = 'hijacked'").update());
    assertThat(changed).isEqualTo(5);
    long bobsHijacked =
        tenancy.inUserTransaction(
            bob.userId(),
            () ->
                jdbc.sql("SELECT count(*) FROM agents WHERE name = 'hijacked'")
                    .query(Long.class)
                    .single());
    assertThat(bobsHijacked).isZero();
  }

  @Test
  void aUserCannotWriteRowsIntoAnotherWorkspace() {
    var alice = api.signUp();
    var bob = api.signUp();
    assertThatThrownBy(
            () ->
                tenancy.inUserTransaction(
                    alice.userId(),
                    () ->
                        jdbc.sql(
                                "INSERT INTO agents (workspace_id, slug, name, model_provider, model) VALUES (?, 'x', 'x', 'simulated', 'simulated')")
                            .param(bob.workspaceId())
                            .update()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("row-level security");
  }

  @Test
  void theAuditLogAndTheLedgerCannotBeRewrittenByTheService() {
    api.signUp();
    assertThatThrownBy(
            () ->
                tenancy.inSystemTransaction(
                    "test", () -> jdbc.sql("UPDATE audit_logs SET details = '{}'").update()))
        .rootCause()
        .hasMessageContaining("permission denied");
    assertThatThrownBy(
            () ->
                tenancy.inSystemTransaction(
                    "test", () -> jdbc.sql("DELETE FROM audit_logs").update()))
        .rootCause()
        .hasMessageContaining("permission denied");
    assertThatThrownBy(
            () ->
                tenancy.inSystemTransaction(
                    "test", () -> jdbc.sql("UPDATE credit_ledger SET amount = 1000000").update()))
        .rootCause()
        .hasMessageContaining("permission denied");
  }
}
