package dev.orchestrate.mcp;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Finds a workspace's MCP connection by name, and which preset it is, if any. */
@Component
class ConnectionLookup {

  /** A stored connection; {@code preset} is empty for one a person added. */
  record StoredConnection(String name, Optional<String> preset) {}

  private final JdbcClient jdbc;

  ConnectionLookup(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Joins the caller's transaction, or opens one for the caller's tenant: outside a transaction,
   * row-level security hides every row.
   */
  @Transactional(readOnly = true)
  public Optional<StoredConnection> find(UUID workspaceId, String name) {
    return jdbc.sql("SELECT preset FROM mcp_connections WHERE workspace_id = ? AND name = ?")
        .params(workspaceId, name)
        .query((rs, row) -> new StoredConnection(name, Optional.ofNullable(rs.getString("preset"))))
        .optional();
  }
}
