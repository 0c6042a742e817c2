package dev.orchestrate.pipeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pipelines and pipeline_versions tables. */
@Repository
class PipelineRepository {

  private static final String SELECT =
      """
      SELECT p.id, p.slug, p.name, p.description, v.graph_definition::text AS graph, v.version,
             p.created_at, p.updated_at
      FROM pipelines p
      JOIN pipeline_versions v ON v.pipeline_id = p.id AND v.version = %s
      WHERE p.workspace_id = ? AND p.deleted_at IS NULL
      """;
  private static final String CURRENT = SELECT.formatted("p.current_version");

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PipelineRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Pipeline> list(UUID workspaceId) {
    return jdbc.sql(CURRENT + " ORDER BY p.created_at, p.slug")
        .param(workspaceId)
        .query(this::map)
        .list();
  }

  Optional<Pipeline> find(UUID workspaceId, UUID id) {
    return jdbc.sql(CURRENT + " AND p.id = ?").params(workspaceId, id).query(this::map).optional();
  }

  Optional<Pipeline> findVersion(UUID workspaceId, UUID id, int version) {
    return jdbc.sql(SELECT.formatted("?") + " AND p.id = ?")
        .params(version, workspaceId, id)
        .query(this::map)
        .optional();
  }

  /** A version of a pipeline even after its deletion: executions keep running what they started. */
  Optional<Pipeline> findVersionIncludingDeleted(UUID workspaceId, UUID id, int version) {
    return jdbc.sql(SELECT.formatted("?").replace("AND p.deleted_at IS NULL", "") + " AND p.id = ?")
        .params(version, workspaceId, id)
        .query(this::map)
        .optional();
  }

  /** The workspace of a pipeline the current tenant can see; row-level security hides the rest. */
  Optional<UUID> workspaceOf(UUID id) {
    return jdbc.sql("SELECT workspace_id FROM pipelines WHERE id = ? AND deleted_at IS NULL")
        .param(id)
        .query(UUID.class)
        .optional();
  }

  boolean slugTaken(UUID workspaceId, String slug) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM pipelines WHERE workspace_id = ? AND slug = ? AND deleted_at IS NULL)")
        .params(workspaceId, slug)
        .query(Boolean.class)
        .single();
  }

  UUID insert(UUID workspaceId, PipelineInput p, UUID createdBy) {
    UUID id =
        jdbc.sql(
                """
                INSERT INTO pipelines (workspace_id, slug, name, description, created_by)
                VALUES (?, ?, ?, ?, ?) RETURNING id
                """)
            .params(workspaceId, p.slug(), p.name(), p.description(), createdBy)
            .query(UUID.class)
            .single();
    insertVersion(workspaceId, id, 1, p.graphDefinition(), createdBy);
    return id;
  }

  void updateFields(UUID workspaceId, UUID id, PipelineInput p, int currentVersion) {
    jdbc.sql(
            """
            UPDATE pipelines SET slug = ?, name = ?, description = ?, current_version = ?,
                   updated_at = now()
            WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL
            """)
        .params(p.slug(), p.name(), p.description(), currentVersion, workspaceId, id)
        .update();
  }

  void insertVersion(
      UUID workspaceId, UUID pipelineId, int version, JsonNode graph, UUID createdBy) {
    jdbc.sql(
            """
            INSERT INTO pipeline_versions (pipeline_id, version, workspace_id, graph_definition, created_by)
            VALUES (?, ?, ?, ?::jsonb, ?)
            """)
        .params(pipelineId, version, workspaceId, json.writeValueAsString(graph), createdBy)
        .update();
  }

  /** Locks the pipeline row so that concurrent edits make consecutive versions, not a clash. */
  Optional<Integer> lockCurrentVersion(UUID workspaceId, UUID id) {
    return jdbc.sql(
            """
            SELECT current_version FROM pipelines
            WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL FOR UPDATE
            """)
        .params(workspaceId, id)
        .query(Integer.class)
        .optional();
  }

  List<PipelineVersion> versions(UUID workspaceId, UUID pipelineId) {
    return jdbc.sql(
            """
            SELECT v.version, v.created_by, v.created_at,
                   u.name AS created_by_name, u.email AS created_by_email
            FROM pipeline_versions v LEFT JOIN users u ON u.id = v.created_by
            WHERE v.workspace_id = ? AND v.pipeline_id = ? ORDER BY v.version DESC
            """)
        .params(workspaceId, pipelineId)
        .query(PipelineVersion.class)
        .list();
  }

  boolean delete(UUID workspaceId, UUID id) {
    return jdbc.sql(
                "UPDATE pipelines SET deleted_at = now() WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL")
            .params(workspaceId, id)
            .update()
        == 1;
  }

  private Pipeline map(ResultSet rs, int row) throws SQLException {
    return new Pipeline(
        rs.getObject("id", UUID.class),
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("description"),
        json.readTree(rs.getString("graph")),
        rs.getInt("version"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
