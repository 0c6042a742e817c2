package dev.orchestrate.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The shapes the MCP connection endpoints answer. */
final class ConnectionViews {

  private ConnectionViews() {}

  /**
   * A connection as the API shows it: secret references as written, never a value.
   *
   * @param status {@code simulated} (a preset whose secret is not set), {@code ready} (a live
   *     client runs on this instance), {@code idle} (none runs), {@code failed} (the last start or
   *     call failed; {@code last_error} says how)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ConnectionView(
      UUID id,
      String name,
      String transport,
      String command,
      List<String> args,
      String url,
      Map<String, String> env,
      Map<String, String> headers,
      String preset,
      String status,
      String lastError,
      Instant createdAt,
      Instant updatedAt) {}

  /** A tool as listed: {@code simulated} while its preset has no secret. */
  record ToolView(String name, String description, JsonNode inputSchema, boolean simulated) {}

  /** A call through the API: {@code {arguments}}. */
  record CallInput(JsonNode arguments) {}

  /**
   * What {@code POST .../test} found: the server started (or was reached), answered the MCP
   * handshake and listed its tools, or the server's own error in plain words.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TestResult(
      boolean ok, Long latencyMs, Integer tools, Server server, Boolean simulated, String error) {

    record Server(String name, String version) {}

    static TestResult failed(String error) {
      return new TestResult(false, null, null, null, null, error);
    }
  }
}
