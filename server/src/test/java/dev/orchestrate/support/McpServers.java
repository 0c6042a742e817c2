package dev.orchestrate.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real MCP reference server ({@code @modelcontextprotocol/server-everything}, pinned in the
 * repository's {@code mcp-servers/}, installed by {@code npm ci}) for the tests: as a connection
 * the service starts over stdio, or as a Streamable HTTP server on loopback started here once per
 * JVM.
 */
public final class McpServers {

  /**
   * Its entry point, relative to {@code mcp-servers/} (the working directory of stdio children).
   */
  public static final String EVERYTHING =
      "node_modules/@modelcontextprotocol/server-everything/dist/index.js";

  private static Process http;
  private static String httpUrl;

  private McpServers() {}

  /** The repository's {@code mcp-servers/}; the tests run in {@code server/}. */
  public static Path folder() {
    Path folder = Path.of("..", "mcp-servers").toAbsolutePath().normalize();
    if (!Files.exists(folder.resolve(EVERYTHING))) {
      throw new IllegalStateException(
          "server-everything is not installed: run 'npm ci --ignore-scripts' in " + folder);
    }
    return folder;
  }

  /** A stdio connection to server-everything, as {@code POST .../mcp-connections} takes it. */
  public static Map<String, Object> stdio(String name, Map<String, String> env) {
    folder();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("transport", "stdio");
    body.put("command", "node");
    body.put("args", List.of(EVERYTHING, "stdio"));
    body.put("env", env);
    return body;
  }

  /** A Streamable HTTP connection to {@code url}. */
  public static Map<String, Object> http(String name, String url, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("transport", "http");
    body.put("url", url);
    body.put("headers", headers);
    return body;
  }

  /** The URL of server-everything over Streamable HTTP on loopback, started on first use. */
  public static synchronized String httpUrl() {
    if (http == null || !http.isAlive()) {
      int port = freePort();
      try {
        var builder =
            new ProcessBuilder("node", EVERYTHING, "streamableHttp")
                .directory(folder().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        http = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Process started = http;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> accepts(port));
      httpUrl = "http://127.0.0.1:" + port + "/mcp";
    }
    return httpUrl;
  }

  /** The service's stdio server-everything children running now (its descendants). */
  public static List<ProcessHandle> stdioChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info().arguments().map(List::of).orElse(List.of()).contains("stdio")
                    && p.info().commandLine().orElse("").contains("server-everything"))
        .toList();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
