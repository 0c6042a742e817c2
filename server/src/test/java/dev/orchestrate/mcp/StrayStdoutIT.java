package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.llm.CallControl;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

/**
 * A stdio server that writes lines that are not JSON-RPC to its stdout (a real child process, the
 * node script {@code mcp/stray-stdout.mjs}, before its handshake answer and before each answer)
 * keeps working: its calls are answered at once, not at their timeout, and the stray lines are in
 * its log under the connection's name, secrets masked, with one warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrayStdoutIT {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final String TOKEN = "stray-token-8f3a9c41";

  @Test
  void aServerThatWritesStrayLinesToStdoutIsAnsweredAndTheLinesAreLogged(CapturedOutput output) {
    LiveClient client = start("stray");
    try {
      assertThat(client.tools(Duration.ZERO, CALL_TIMEOUT, new CallControl()))
          .extracting(tool -> tool.name())
          .containsExactly("echo", "malformed");
      for (String message : List.of("one", "two")) {
        long start = System.nanoTime();
        var result =
            client.call("echo", Map.of("message", message), CALL_TIMEOUT, new CallControl());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result.content().getFirst())
            .isInstanceOfSatisfying(
                McpSchema.TextContent.class,
                text -> assertThat(text.text()).isEqualTo("echo: " + message));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
      }
      assertThat(client.usable()).isTrue();
    } finally {
      client.close();
    }

    String logged = output.getAll();
    assertThat(logged)
        .contains("MCP server 'stray' (stdout, not JSON-RPC): this is not JSON-RPC")
        .contains("MCP server 'stray' (stdout, not JSON-RPC): {\"level\":\"info\"")
        .contains("MCP server 'stray' (stdout, not JSON-RPC): starting with token [redacted]")
        .doesNotContain(TOKEN);
    assertThat(
            Pattern.compile("MCP server 'stray' wrote a line to stdout that is not JSON-RPC")
                .matcher(logged)
                .results()
                .count())
        .isOne();
  }

  /**
   * A result that is not a tool result is the server's error, said so, and not worth another try
   * (the server will answer the same); the connection goes on serving.
   */
  @Test
  void anAnswerThatIsNotAToolResultFailsAtOnceAsTheServersError() {
    LiveClient client = start("malformed");
    try {
      assertThatThrownBy(() -> client.call("malformed", Map.of(), CALL_TIMEOUT, new CallControl()))
          .isInstanceOfSatisfying(
              ClientFailure.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ClientFailure.Kind.SERVER_ERROR);
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).startsWith("the server's answer is not valid MCP: ");
              });
      var result = client.call("echo", Map.of("message", "still"), CALL_TIMEOUT, new CallControl());
      assertThat(result.content()).hasSize(1);
    } finally {
      client.close();
    }
  }

  private LiveClient start(String connection) {
    Path folder;
    try {
      folder = Path.of(getClass().getResource("/mcp/stray-stdout.mjs").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    var launcher = new ClientLauncher(properties(folder), Clock.systemUTC());
    var spec =
        ServerSpec.stdio(
            "node", List.of("stray-stdout.mjs"), Map.of("TOKEN", "secret:stray_token"));
    return launcher.start(connection, spec, Map.of("stray_token", TOKEN));
  }

  private static McpProperties properties(Path folder) {
    return new McpProperties(
        List.of("node stray-stdout.mjs"),
        false,
        folder,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        CALL_TIMEOUT,
        CALL_TIMEOUT,
        Duration.ofSeconds(30),
        DataSize.ofKilobytes(256));
  }
}
