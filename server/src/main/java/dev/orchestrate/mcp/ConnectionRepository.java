package dev.orchestrate.mcp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The mcp_connections table; callers run inside a transaction that may read the workspace. */
@Repository
class ConnectionRepository {

  private static final String COLUMNS =
      "id, workspace_id, name, transport, command, args::text AS args, url, env::text AS env,"
          + " headers::text AS headers, preset, created_at, updated_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ConnectionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<McpConnection> list(UUID workspaceId) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM mcp_connections WHERE workspace_id = ? ORDER BY name")
        .param(workspaceId)
        .query(this::row)
        .list();
  }

  Optional<McpConnection> find(UUID workspaceId, UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM mcp_connections WHERE workspace_id = ? AND id = ?")
        .params(workspaceId, id)
        .query(this::row)
        .optional();
  }

  Optional<McpConnection> findByName(UUID workspaceId, String name) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM mcp_connections WHERE workspace_id = ? AND name = ?")
        .params(workspaceId, name)
        .query(this::row)
        .optional();
  }

  McpConnection insert(
      UUID workspaceId, String name, ServerSpec spec, String preset, UUID createdBy) {
    return jdbc.sql(
            """
            INSERT INTO mcp_connections
              (workspace_id, name, transport, command, args, url, env, headers, preset, created_by)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?)
            RETURNING %s
            """
                .formatted(COLUMNS))
        .params(
            workspaceId,
            name,
            spec.transport().wire(),
            spec.command(),
            json.writeValueAsString(spec.args()),
            spec.url(),
            json.writeValueAsString(spec.env()),
            json.writeValueAsString(spec.headers()),
            preset,
            createdBy)
        .query(this::row)
        .single();
  }

  Optional<McpConnection> update(UUID workspaceId, UUID id, String name, ServerSpec spec) {
    return jdbc.sql(
            """
            UPDATE mcp_connections SET name = ?, transport = ?, command = ?, args = ?::jsonb,
                   url = ?, env = ?::jsonb, headers = ?::jsonb, updated_at = now()
            WHERE workspace_id = ? AND id = ?
            RETURNING %s
            """
                .formatted(COLUMNS))
        .params(
            name,
            spec.transport().wire(),
            spec.command(),
            json.writeValueAsString(spec.args()),
            spec.url(),
            json.writeValueAsString(spec.env()),
            json.writeValueAsString(spec.headers()),
            workspaceId,
            id)
        .query(this::row)
        .optional();
  }

  boolean delete(UUID workspaceId, UUID id) {
    return jdbc.sql("DELETE FROM mcp_connections WHERE workspace_id = ? AND id = ?")
            .params(workspaceId, id)
            .update()
        == 1;
  }

  private McpConnection row(ResultSet rs, int n) throws SQLException {
    var spec =
        new ServerSpec(
            ServerSpec.Transport.parse(rs.getString("transport")).orElseThrow(),
            rs.getString("command"),
            json.readValue(rs.getString("args"), new TypeReference<List<String>>() {}),
            rs.getString("url"),
            json.readValue(rs.getString("env"), new TypeReference<Map<String, String>>() {}),
            json.readValue(rs.getString("headers"), new TypeReference<Map<String, String>>() {}),
            null);
    return new McpConnection(
        rs.getObject("id", UUID.class),
        rs.getObject("workspace_id", UUID.class),
        rs.getString("name"),
        spec,
        Optional.ofNullable(rs.getString("preset")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
