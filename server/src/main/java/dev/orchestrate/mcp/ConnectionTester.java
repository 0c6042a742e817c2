package dev.orchestrate.mcp;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.mcp.ConnectionViews.TestResult;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code POST .../test}: starts a client of its own (not the shared one, so the whole way in is
 * tested: start, handshake, tool list), reports how long that took, and closes it. A failure comes
 * back as the server's own words, secret values masked.
 */
@Component
class ConnectionTester {

  private final ClientLauncher launcher;
  private final ConnectionSecrets secrets;
  private final McpProperties properties;

  ConnectionTester(ClientLauncher launcher, ConnectionSecrets secrets, McpProperties properties) {
    this.launcher = launcher;
    this.secrets = secrets;
    this.properties = properties;
  }

  TestResult test(McpConnection connection) {
    ServerSpec spec = connection.server();
    long started = System.nanoTime();
    LiveClient client = null;
    try {
      Map<String, String> values =
          secrets.read(connection.workspaceId(), connection.name(), spec.secretNames(), null, null);
      client = launcher.start(connection.name(), spec, values);
      int tools = client.tools(Duration.ZERO, properties.callTimeout(), new CallControl()).size();
      long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
      var info = client.serverInfo();
      return new TestResult(
          true,
          latency,
          tools,
          new TestResult.Server(
              info.map(i -> i.name()).orElse(null), info.map(i -> i.version()).orElse(null)),
          null,
          null);
    } catch (ClientFailure failure) {
      return TestResult.failed(failure.getMessage());
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }
}
