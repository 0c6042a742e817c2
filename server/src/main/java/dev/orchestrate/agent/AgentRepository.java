package dev.orchestrate.agent;

import dev.orchestrate.common.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents table. Deleted agents stay as rows (executions refer to them) but are never listed.
 */
@Repository
class AgentRepository {

  private static final String COLUMNS =
      """
      id, slug, name, description, model_provider, model, system_prompt, parameters::text,
      cost_per_run, tools::text, created_at, updated_at
      """;
  private static final TypeReference<List<ToolRef>> TOOLS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  AgentRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Agent> list(UUID workspaceId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM agents WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY created_at, slug")
        .param(workspaceId)
        .query(this::map)
        .list();
  }

  Optional<Agent> find(UUID workspaceId, UUID id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM agents WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL")
        .params(workspaceId, id)
        .query(this::map)
        .optional();
  }

  /** The workspace of an agent the current tenant can see; row-level security hides the rest. */
  Optional<UUID> workspaceOf(UUID id) {
    return jdbc.sql("SELECT workspace_id FROM agents WHERE id = ? AND deleted_at IS NULL")
        .param(id)
        .query(UUID.class)
        .optional();
  }

  Optional<Agent> findBySlug(UUID workspaceId, String slug) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM agents WHERE workspace_id = ? AND slug = ? AND deleted_at IS NULL")
        .params(workspaceId, slug)
        .query(this::map)
        .optional();
  }

  Set<String> slugs(UUID workspaceId) {
    return jdbc
        .sql("SELECT slug FROM agents WHERE workspace_id = ? AND deleted_at IS NULL")
        .param(workspaceId)
        .query(String.class)
        .stream()
        .collect(Collectors.toUnmodifiableSet());
  }

  Agent insert(UUID workspaceId, AgentInput a, UUID createdBy) {
    return jdbc.sql(
            """
            INSERT INTO agents (workspace_id, slug, name, description, model_provider, model,
                                system_prompt, parameters, cost_per_run, tools, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
            """
                + " RETURNING "
                + COLUMNS)
        .params(
            workspaceId,
            a.slug(),
            a.name(),
            a.description(),
            a.modelProvider(),
            a.model(),
            a.systemPrompt(),
            json.writeValueAsString(a.parameters()),
            a.costPerRun(),
            json.writeValueAsString(a.tools()),
            createdBy)
        .query(this::map)
        .single();
  }

  Agent update(UUID workspaceId, UUID id, AgentInput a) {
    return jdbc.sql(
            """
            UPDATE agents SET slug = ?, name = ?, description = ?, model_provider = ?, model = ?,
                   system_prompt = ?, parameters = ?::jsonb, cost_per_run = ?, tools = ?::jsonb,
                   updated_at = now()
            WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL
            """
                + " RETURNING "
                + COLUMNS)
        .params(
            a.slug(),
            a.name(),
            a.description(),
            a.modelProvider(),
            a.model(),
            a.systemPrompt(),
            json.writeValueAsString(a.parameters()),
            a.costPerRun(),
            json.writeValueAsString(a.tools()),
            workspaceId,
            id)
        .query(this::map)
        .single();
  }

  boolean delete(UUID workspaceId, UUID id) {
    return jdbc.sql(
                "UPDATE agents SET deleted_at = now() WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL")
            .params(workspaceId, id)
            .update()
        == 1;
  }

  private Agent map(ResultSet rs, int row) throws SQLException {
    return new Agent(
        rs.getObject("id", UUID.class),
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("description"),
        ModelProvider.parse(rs.getString("model_provider")).orElseThrow(),
        rs.getString("model"),
        rs.getString("system_prompt"),
        json.readTree(rs.getString("parameters")),
        Money.normalize(rs.getBigDecimal("cost_per_run")),
        json.readValue(rs.getString("tools"), TOOLS),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
