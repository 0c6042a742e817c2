package dev.orchestrate.mcp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool gateway of a fresh install: preset connections answer through their simulated tools; any
 * other connection is reported unreachable.
 */
@Component
public class PresetToolGateway implements ToolGateway {

  private final ConnectionLookup connections;
  private final SimulatedToolGateway simulated;

  PresetToolGateway(ConnectionLookup connections, JsonMapper json, Clock clock) {
    this.connections = connections;
    this.simulated = new SimulatedToolGateway(json, clock);
  }

  @Override
  public ToolResult call(
      UUID workspaceId, String connection, String tool, JsonNode arguments, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    String preset = simulatedPreset(workspaceId, connection, tool);
    return simulated.call(connection, preset, tool, arguments);
  }

  @Override
  public List<ToolInfo> tools(UUID workspaceId, String connection) {
    return simulated.tools(simulatedPreset(workspaceId, connection, null));
  }

  private String simulatedPreset(UUID workspaceId, String connection, String tool) {
    var stored =
        connections
            .find(workspaceId, connection)
            .orElseThrow(() -> ToolException.unknownConnection(connection));
    // No client for live servers yet, so retrying cannot reach one.
    return stored
        .preset()
        .filter(simulated::simulates)
        .orElseThrow(() -> ToolException.unreachable(connection, tool, false));
  }
}
