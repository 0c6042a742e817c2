package dev.orchestrate.mcp;

import dev.orchestrate.workspace.WorkspaceCreated;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The workspace's MCP connections, by name. */
@Component
public class McpConnections {

  /** Presets go in before anything that refers to them, such as the demo pipelines. */
  public static final int PRESETS_ORDER = 0;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  McpConnections(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Must run inside a transaction that may read the workspace. */
  public Set<String> names(UUID workspaceId) {
    return jdbc
        .sql("SELECT name FROM mcp_connections WHERE workspace_id = ?")
        .param(workspaceId)
        .query(String.class)
        .stream()
        .collect(Collectors.toUnmodifiableSet());
  }

  @EventListener
  @Order(PRESETS_ORDER)
  void installPresets(WorkspaceCreated created) {
    for (Preset preset : Preset.ALL) {
      jdbc.sql(
              """
              INSERT INTO mcp_connections (workspace_id, name, transport, command, args, env, preset, created_by)
              VALUES (?, ?, 'stdio', ?, ?::jsonb, ?::jsonb, ?, ?)
              """)
          .params(
              created.workspaceId(),
              preset.name(),
              preset.command(),
              json.writeValueAsString(preset.args()),
              json.writeValueAsString(preset.env()),
              preset.name(),
              created.ownerId())
          .update();
    }
  }
}
