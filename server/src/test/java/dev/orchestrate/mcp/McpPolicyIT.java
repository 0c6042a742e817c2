package dev.orchestrate.mcp;

import static dev.orchestrate.mcp.McpConnectionsIT.problemPaths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A deployment with the default policy: only the presets' command lines may run over stdio, and
 * HTTP connections may not reach loopback or private addresses, by literal or by name, at save and
 * again when a client connects.
 */
@TestPropertySource(
    properties = {"orchestrate.mcp.allow-private-networks=false", "orchestrate.mcp.stdio-allow="})
class McpPolicyIT extends ServiceTest {

  @Autowired private Tenancy tenancy;
  @Autowired private ConnectionRepository connections;

  @Test
  void aStdioCommandOffTheAllowListIsRefusedAtItsCommand() {
    var user = api.signUp();
    var refused =
        api.post(user.ws() + "/mcp-connections", user.token(), McpServers.stdio("local", Map.of()));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(problemPaths(refused.body())).containsExactly("command");
    assertThat(refused.raw()).contains("allow-list", "npx -y firecrawl-mcp@3.26.0");

    var preset =
        Map.of(
            "name",
            "crawler",
            "transport",
            "stdio",
            "command",
            "npx",
            "args",
            List.of("-y", "firecrawl-mcp@3.26.0"));
    assertThat(api.post(user.ws() + "/mcp-connections", user.token(), preset).status())
        .isEqualTo(201);
    var otherPackage =
        Map.of(
            "name",
            "sneaky",
            "transport",
            "stdio",
            "command",
            "npx",
            "args",
            List.of("-y", "some-other-package"));
    assertThat(api.post(user.ws() + "/mcp-connections", user.token(), otherPackage).status())
        .isEqualTo(422);
  }

  @Test
  void anHttpUrlToALoopbackAddressIsRefused() {
    var user = api.signUp();
    var refused =
        api.post(
            user.ws() + "/mcp-connections",
            user.token(),
            McpServers.http("loop", "http://127.0.0.1:9/mcp", Map.of()));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(problemPaths(refused.body())).containsExactly("url");
    assertThat(refused.raw()).contains("127.0.0.1", "ORCHESTRATE_MCP_ALLOW_PRIVATE_NETWORKS");

    for (String url :
        List.of("http://[::1]:9/mcp", "http://10.1.2.3/mcp", "http://169.254.169.254/")) {
      var also =
          api.post(
              user.ws() + "/mcp-connections",
              user.token(),
              McpServers.http("internal", url, Map.of()));
      assertThat(also.status()).as(url).isEqualTo(422);
    }
  }

  @Test
  void anHttpUrlWhoseNameResolvesToAPrivateAddressIsRefused() {
    var user = api.signUp();
    var refused =
        api.post(
            user.ws() + "/mcp-connections",
            user.token(),
            McpServers.http("named", "http://localhost:9/mcp", Map.of()));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(problemPaths(refused.body())).containsExactly("url");
    assertThat(refused.raw()).contains("'localhost' resolves to");
  }

  @Test
  void aConnectionThatReachesInwardOnlyAtConnectTimeFailsItsCallWithAClearToolError() {
    var user = api.signUp();
    // A secret URL is known only when the client connects: checked then, on what it resolves to.
    var put =
        api.put(
            user.ws() + "/secrets/inward_url",
            user.token(),
            Map.of("value", "http://localhost:9/mcp"));
    assertThat(put.status()).as(put.raw()).isEqualTo(204);
    var saved =
        api.post(
            user.ws() + "/mcp-connections",
            user.token(),
            McpServers.http("drifted", "secret:inward_url", Map.of()));
    assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
    var call =
        api.post(
            user.ws()
                + "/mcp-connections/"
                + saved.body().get("id").asString()
                + "/tools/echo/call",
            user.token(),
            Map.of("arguments", Map.of("message", "hi")));
    assertThat(call.status()).as(call.raw()).isEqualTo(502);
    assertThat(call.raw()).contains("'localhost' resolves to", "own networks");
    var status =
        api.get(user.ws() + "/mcp-connections/" + saved.body().get("id").asString(), user.token());
    assertThat(status.body().get("status").asString()).isEqualTo("failed");
    assertThat(status.body().get("last_error").asString()).contains("own networks");

    // Saved before the deployment's allow-list was narrowed: checked again when it starts.
    UUID stdio =
        store(
            user,
            "unlisted",
            ServerSpec.stdio("node", List.of(McpServers.EVERYTHING, "stdio"), Map.of()));
    var started =
        api.post(user.ws() + "/mcp-connections/" + stdio + "/test", user.token(), Map.of());
    assertThat(started.body().get("ok").asBoolean()).isFalse();
    assertThat(started.body().get("error").asString()).contains("allow-list");
  }

  private UUID store(Api.Session user, String name, ServerSpec spec) {
    return tenancy.inUserTransaction(
        user.userId(),
        () -> connections.insert(user.workspaceId(), name, spec, null, user.userId()).id());
  }
}
