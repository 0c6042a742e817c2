package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.mcp.ToolGateway.CallScope;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.vault.SecretReader;
import dev.orchestrate.vault.SecretUse;
import dev.orchestrate.vault.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The registry's lifecycle against the real server-everything, with a short idle timeout: a client
 * is shared, closed when unused, and its child process ends with it.
 */
class McpClientsTest {

  /** A workspace without secrets. */
  private static final SecretReader NO_SECRETS =
      new SecretReader() {
        @Override
        public Optional<SecretValue> read(UUID workspaceId, String name, SecretUse use) {
          return Optional.empty();
        }

        @Override
        public Map<String, Integer> versions(
            UUID workspaceId, Collection<String> names, Instant asOf) {
          return Map.of();
        }
      };

  private final McpProperties properties =
      new McpProperties(
          List.of("node " + McpServers.EVERYTHING),
          true,
          McpServers.folder(),
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          DataSize.ofKilobytes(256));
  private final McpClients clients =
      new McpClients(
          new ClientLauncher(properties, Clock.systemUTC()),
          new ConnectionSecrets(NO_SECRETS),
          properties,
          Clock.systemUTC());

  @AfterEach
  void shutDown() {
    clients.destroy();
  }

  @Test
  void aClientIsSharedByItsUsersAndClosedWithItsChildWhenNobodyUsesItForTheIdleTimeout() {
    var connection =
        new McpConnection(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "idler",
            ServerSpec.stdio("node", List.of(McpServers.EVERYTHING, "stdio"), Map.of()),
            Optional.empty(),
            Instant.now(),
            Instant.now());
    CallScope scope = CallScope.now(connection.workspaceId(), Duration.ofSeconds(30));
    // Used only inside its users' scope: past the 500 ms idle timeout after the last one leaves,
    // the registry may close it (a loaded machine can take that long between two statements).
    LiveClient first =
        clients.with(
            connection,
            scope,
            client -> {
              LiveClient second = clients.with(connection, scope, other -> other);
              assertThat(second).isSameAs(client);
              assertThat(
                      client
                          .tools(Duration.ZERO, Duration.ofSeconds(30), new CallControl())
                          .stream()
                          .map(t -> t.name()))
                  .contains("echo");
              return client;
            });
    long pid = first.pid().orElseThrow();

    await().atMost(Duration.ofSeconds(10)).until(() -> !clients.running(connection.id()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(first.usable()).isFalse();
  }
}
