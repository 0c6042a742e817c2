package dev.orchestrate.mcp;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.mcp.ConnectionViews.ConnectionView;
import dev.orchestrate.mcp.ConnectionViews.TestResult;
import dev.orchestrate.mcp.ConnectionViews.ToolView;
import dev.orchestrate.mcp.ToolGateway.CallScope;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The MCP connection endpoints: owners and admins add, change and remove connections (presets stay
 * as they are); members list tools, call them and test a connection; viewers read. Work on a live
 * server runs outside any transaction, since it may take a while.
 */
@Service
class McpConnectionService {

  private final ConnectionRepository connections;
  private final WorkspaceAccess access;
  private final ConnectionRules rules;
  private final McpClients clients;
  private final McpToolGateway gateway;
  private final ConnectionTester tester;
  private final McpProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  McpConnectionService(
      ConnectionRepository connections,
      WorkspaceAccess access,
      ClientLauncher launcher,
      McpClients clients,
      McpToolGateway gateway,
      ConnectionTester tester,
      McpProperties properties,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactionManager) {
    this.connections = connections;
    this.access = access;
    this.rules = new ConnectionRules(launcher.allowList(), launcher.network());
    this.clients = clients;
    this.gateway = gateway;
    this.tester = tester;
    this.properties = properties;
    this.events = events;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  List<ConnectionView> list(UUID workspaceId) {
    return inTransaction(
            () -> {
              access.require(workspaceId, Role.VIEWER);
              return connections.list(workspaceId);
            })
        .stream()
        .map(this::view)
        .toList();
  }

  ConnectionView get(UUID workspaceId, UUID id) {
    return view(find(workspaceId, id, Role.VIEWER));
  }

  ConnectionView create(UUID workspaceId, ConnectionInput input) {
    McpConnection created =
        inTransaction(
            () -> {
              access.require(workspaceId, Role.ADMIN);
              ServerSpec spec = rules.check(input);
              requireFreeName(workspaceId, input.name());
              McpConnection connection =
                  connections.insert(
                      workspaceId, input.name(), spec, null, Tenancy.currentUserId());
              audit(connection, "mcp.connection_created");
              return connection;
            });
    return view(created);
  }

  ConnectionView update(UUID workspaceId, UUID id, ConnectionInput input) {
    McpConnection updated =
        inTransaction(
            () -> {
              access.require(workspaceId, Role.ADMIN);
              McpConnection current = existing(workspaceId, id);
              requireNotPreset(current, "changed");
              ServerSpec spec = rules.check(input);
              if (!input.name().equals(current.name())) {
                requireFreeName(workspaceId, input.name());
              }
              McpConnection connection =
                  connections.update(workspaceId, id, input.name(), spec).orElseThrow();
              audit(connection, "mcp.connection_updated");
              return connection;
            });
    clients.retire(id);
    return view(updated);
  }

  void delete(UUID workspaceId, UUID id) {
    inTransaction(
        () -> {
          access.require(workspaceId, Role.ADMIN);
          McpConnection current = existing(workspaceId, id);
          requireNotPreset(current, "deleted");
          connections.delete(workspaceId, id);
          audit(current, "mcp.connection_deleted");
          return null;
        });
    clients.retire(id);
  }

  List<ToolView> tools(UUID workspaceId, UUID id) {
    McpConnection connection = find(workspaceId, id, Role.MEMBER);
    return gateway.tools(scope(workspaceId), connection.name()).stream()
        .map(t -> new ToolView(t.name(), t.description(), t.inputSchema(), t.simulated()))
        .toList();
  }

  JsonNode call(UUID workspaceId, UUID id, String tool, JsonNode arguments) {
    McpConnection connection = find(workspaceId, id, Role.MEMBER);
    UUID caller = Tenancy.currentUserId();
    long started = System.nanoTime();
    String status = "failed";
    ToolGateway.ToolResult result = null;
    try {
      result = gateway.call(scope(workspaceId), connection.name(), tool, arguments);
      status = result.isError() ? "failed" : "completed";
      return result.content();
    } finally {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("connection", connection.name());
      details.put("tool", tool);
      details.put("status", status);
      details.put("simulated", result != null && result.simulated());
      details.put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
      details.put("bytes", result == null ? 0 : result.bytes());
      events.publishEvent(new AuditEvent(workspaceId, caller, "mcp", "mcp.tool_called", details));
    }
  }

  TestResult test(UUID workspaceId, UUID id) {
    McpConnection connection = find(workspaceId, id, Role.MEMBER);
    CallScope scope = scope(workspaceId);
    if (gateway.simulatedPreset(connection, scope).isPresent()) {
      int tools = gateway.tools(scope, connection.name()).size();
      return new TestResult(
          true, 0L, tools, new TestResult.Server(connection.name(), "simulated"), true, null);
    }
    return tester.test(connection);
  }

  private CallScope scope(UUID workspaceId) {
    return CallScope.now(workspaceId, properties.callTimeout());
  }

  private McpConnection find(UUID workspaceId, UUID id, Role role) {
    return inTransaction(
        () -> {
          access.require(workspaceId, role);
          return existing(workspaceId, id);
        });
  }

  private McpConnection existing(UUID workspaceId, UUID id) {
    return connections
        .find(workspaceId, id)
        .orElseThrow(() -> OrchestrateException.notFound("MCP connection"));
  }

  private void requireFreeName(UUID workspaceId, String name) {
    if (connections.findByName(workspaceId, name).isPresent()) {
      throw OrchestrateException.conflict("An MCP connection named '" + name + "' already exists.");
    }
  }

  private static void requireNotPreset(McpConnection connection, String verb) {
    if (connection.preset().isPresent()) {
      throw OrchestrateException.conflict(
          "'"
              + connection.name()
              + "' is a preset: it cannot be "
              + verb
              + ". Set its secret to use its real server, or add a connection of your own.");
    }
  }

  private void audit(McpConnection connection, String action) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connection_id", connection.id());
    details.put("name", connection.name());
    details.put("transport", connection.stored().transport().wire());
    events.publishEvent(
        new AuditEvent(connection.workspaceId(), Tenancy.currentUserId(), "mcp", action, details));
  }

  private ConnectionView view(McpConnection connection) {
    ServerSpec spec = connection.server();
    String status;
    if (gateway.simulatedPreset(connection, scope(connection.workspaceId())).isPresent()) {
      status = "simulated";
    } else if (clients.running(connection.id())) {
      status = "ready";
    } else if (clients.lastError(connection.id()).isPresent()) {
      status = "failed";
    } else {
      status = "idle";
    }
    return new ConnectionView(
        connection.id(),
        connection.name(),
        spec.transport().wire(),
        spec.command(),
        spec.args(),
        spec.url(),
        spec.env(),
        spec.headers(),
        connection.preset().orElse(null),
        status,
        status.equals("failed") ? clients.lastError(connection.id()).orElse(null) : null,
        connection.createdAt(),
        connection.updatedAt());
  }

  private <T> T inTransaction(Supplier<T> work) {
    return transactions.execute(status -> work.get());
  }
}
