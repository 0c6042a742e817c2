package dev.orchestrate.mcp;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A workspace's MCP connection as stored. A preset's server is defined by the code ({@link
 * Preset}), not by its row, so a release that moves a preset to a newer server moves every
 * workspace with it.
 *
 * @param stored the definition in the row (for a preset, what was installed)
 * @param preset the preset it is, if any
 */
record McpConnection(
    UUID id,
    UUID workspaceId,
    String name,
    ServerSpec stored,
    Optional<String> preset,
    Instant createdAt,
    Instant updatedAt) {

  /** The server this connection reaches once live. */
  ServerSpec server() {
    return preset.flatMap(Preset::named).map(Preset::server).orElse(stored);
  }

  Optional<Preset> presetDefinition() {
    return preset.flatMap(Preset::named);
  }
}
