package dev.orchestrate.mcp;

import dev.orchestrate.workspace.WorkspaceCreated;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The workspace's MCP connections, by name. */
@Component
public class McpConnections {

  /** Presets go in before anything that refers to them, such as the demo pipelines. */
  public static final int PRESETS_ORDER = 0;

  private final ConnectionRepository connections;

  McpConnections(ConnectionRepository connections) {
    this.connections = connections;
  }

  /** Must run inside a transaction that may read the workspace. */
  public Set<String> names(UUID workspaceId) {
    return connections.list(workspaceId).stream()
        .map(McpConnection::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  @EventListener
  @Order(PRESETS_ORDER)
  void installPresets(WorkspaceCreated created) {
    for (Preset preset : Preset.ALL) {
      connections.insert(
          created.workspaceId(), preset.name(), preset.server(), preset.name(), created.ownerId());
    }
  }
}
