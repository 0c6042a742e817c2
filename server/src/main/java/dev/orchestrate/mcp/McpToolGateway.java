package dev.orchestrate.mcp;

import dev.orchestrate.common.FieldProblem;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one tool gateway: a preset answers through its simulation until its secret is set (at the
 * caller's {@code asOf}), then through its real server; every other connection through its live
 * server. Arguments are checked against the tool's input schema first, and results come back in one
 * shape, cut to the size limit ({@link ToolResults}).
 */
@Component
class McpToolGateway implements ToolGateway {

  private static final JsonMapper MCP_JSON = JsonMapper.builder().build();

  private final ConnectionRepository connections;
  private final McpClients clients;
  private final ConnectionSecrets secrets;
  private final SimulatedToolGateway simulated;
  private final ToolResults results;
  private final ArgumentChecks checks = new ArgumentChecks();
  private final McpProperties properties;
  private final TransactionTemplate transactions;

  McpToolGateway(
      ConnectionRepository connections,
      McpClients clients,
      ConnectionSecrets secrets,
      McpProperties properties,
      JsonMapper json,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.connections = connections;
    this.clients = clients;
    this.secrets = secrets;
    this.properties = properties;
    this.simulated = new SimulatedToolGateway(json, clock);
    this.results = new ToolResults(properties.maxResultBytes().toBytes());
    // Joins the caller's transaction, or opens one for its tenant (row-level security).
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @Override
  public ToolResult call(CallScope scope, String connection, String tool, JsonNode arguments) {
    McpConnection found = find(scope, connection);
    Optional<Preset> preset = simulatedPreset(found, scope);
    if (preset.isPresent()) {
      return results.simulated(simulated.call(connection, preset.get().name(), tool, arguments));
    }
    Instant deadline = Instant.now().plus(scope.timeout());
    try {
      return clients.with(
          found,
          scope,
          client -> {
            McpSchema.Tool listed = listed(client, scope, connection, tool, deadline);
            JsonNode given =
                arguments == null || arguments.isNull() ? MCP_JSON.createObjectNode() : arguments;
            List<FieldProblem> problems = checks.problems(listed.inputSchema(), given);
            if (!problems.isEmpty()) {
              throw ToolException.invalidArguments(connection, tool, problems);
            }
            Map<String, Object> values =
                MCP_JSON.convertValue(given, new TypeReference<Map<String, Object>>() {});
            return results.live(
                client.call(tool, values, remaining(deadline), scope.control()), client.redactor());
          });
    } catch (ClientFailure failure) {
      throw ToolFailures.of(connection, tool, failure, scope.timeout());
    }
  }

  @Override
  public List<ToolInfo> tools(CallScope scope, String connection) {
    McpConnection found = find(scope, connection);
    Optional<Preset> preset = simulatedPreset(found, scope);
    if (preset.isPresent()) {
      return simulated.tools(preset.get().name());
    }
    try {
      List<McpSchema.Tool> listed =
          clients.with(
              found,
              scope,
              client -> client.tools(properties.toolsCacheTtl(), scope.timeout(), scope.control()));
      return listed.stream().map(McpToolGateway::info).toList();
    } catch (ClientFailure failure) {
      throw ToolFailures.of(connection, null, failure, scope.timeout());
    }
  }

  /** Whether the connection is a preset still in simulated mode at the caller's {@code asOf}. */
  Optional<Preset> simulatedPreset(McpConnection connection, CallScope scope) {
    return connection
        .presetDefinition()
        .filter(preset -> simulated.simulates(preset.name()))
        .filter(
            preset ->
                !secrets
                    .versions(connection.workspaceId(), Set.of(preset.secret()), scope.asOf())
                    .containsKey(preset.secret()));
  }

  private McpConnection find(CallScope scope, String connection) {
    return transactions
        .execute(status -> connections.findByName(scope.workspaceId(), connection))
        .orElseThrow(() -> ToolException.unknownConnection(connection));
  }

  /** The tool as the server lists it; the list is asked again once before a tool counts unknown. */
  private McpSchema.Tool listed(
      LiveClient client, CallScope scope, String connection, String tool, Instant deadline) {
    for (Duration ttl : List.of(properties.toolsCacheTtl(), Duration.ZERO)) {
      Optional<McpSchema.Tool> found =
          client.tools(ttl, remaining(deadline), scope.control()).stream()
              .filter(t -> t.name().equals(tool))
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw ToolException.unknownTool(connection, tool);
  }

  private static ToolInfo info(McpSchema.Tool tool) {
    return new ToolInfo(
        tool.name(),
        tool.description() == null ? "" : tool.description(),
        MCP_JSON.valueToTree(
            tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema()),
        false);
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
