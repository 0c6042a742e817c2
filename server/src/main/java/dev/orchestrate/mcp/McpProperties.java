package dev.orchestrate.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How live MCP servers are reached and kept ({@code orchestrate.mcp.*}, each overridable by {@code
 * ORCHESTRATE_MCP_*}).
 *
 * @param stdioAllow the command lines a stdio connection may start, each split on whitespace; a
 *     connection matches an entry when its command and first arguments are the entry's words
 *     ({@code ORCHESTRATE_MCP_STDIO_ALLOW}, comma-separated); empty: the presets' own command lines
 * @param allowPrivateNetworks whether HTTP connections may reach loopback, link-local, private,
 *     unspecified and multicast addresses ({@code ORCHESTRATE_MCP_ALLOW_PRIVATE_NETWORKS})
 * @param serversDir where the pinned servers are installed (the repository's {@code mcp-servers/});
 *     stdio children run there; empty: {@code mcp-servers} in the working directory or its parent
 * @param idleTimeout a client no call used for this long is closed (its child process ends)
 * @param toolsCacheTtl how long a server's tool list is reused before it is asked again
 * @param connectTimeout how long starting a server and its MCP handshake may take
 * @param callTimeout a tool call's deadline when its caller sets none (API calls)
 * @param healthInterval how often an idle client is pinged; one that does not answer is closed
 * @param maxResultBytes a tool result larger than this (as JSON) is cut before it reaches a model
 *     or the database
 */
@ConfigurationProperties("orchestrate.mcp")
public record McpProperties(
    @DefaultValue List<String> stdioAllow,
    @DefaultValue("false") boolean allowPrivateNetworks,
    Path serversDir,
    @DefaultValue(IDLE_TIMEOUT) Duration idleTimeout,
    @DefaultValue(TOOLS_CACHE_TTL) Duration toolsCacheTtl,
    @DefaultValue(CONNECT_TIMEOUT) Duration connectTimeout,
    @DefaultValue(CALL_TIMEOUT) Duration callTimeout,
    @DefaultValue(HEALTH_INTERVAL) Duration healthInterval,
    @DefaultValue(MAX_RESULT_BYTES) DataSize maxResultBytes) {

  static final String IDLE_TIMEOUT = "5m";
  static final String TOOLS_CACHE_TTL = "30s";
  // npx may have to download a server that is not installed locally.
  static final String CONNECT_TIMEOUT = "60s";
  static final String CALL_TIMEOUT = "60s";
  static final String HEALTH_INTERVAL = "30s";
  static final String MAX_RESULT_BYTES = "256KB";

  public McpProperties {
    stdioAllow =
        stdioAllow == null
            ? List.of()
            : stdioAllow.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The folder of the pinned servers: configured, or found beside the working directory. */
  Path servers() {
    if (serversDir != null) {
      return serversDir.toAbsolutePath().normalize();
    }
    Path here = Path.of("mcp-servers").toAbsolutePath();
    Path parent = Path.of("..", "mcp-servers").toAbsolutePath().normalize();
    return Files.isDirectory(here) || !Files.isDirectory(parent) ? here : parent;
  }
}
