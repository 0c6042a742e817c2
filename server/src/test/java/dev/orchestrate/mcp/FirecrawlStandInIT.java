package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.FakeFirecrawl;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real {@code firecrawl-mcp} (the preset's server, installed into {@code mcp-servers/} by
 * {@code .ci/run}) as a stdio child of the MCP Java SDK, pointed at {@link FakeFirecrawl}: its two
 * preset tools reach the stand-in with the key, answer what the stand-in answered, and look like
 * the simulated tools a fresh install runs.
 */
class FirecrawlStandInIT {

  static final Path SERVER =
      Path.of("..", "mcp-servers", "node_modules", "firecrawl-mcp", "dist", "index.js")
          .toAbsolutePath()
          .normalize();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final SimulatedToolGateway simulated = new SimulatedToolGateway(JSON, Clock.systemUTC());
  private FakeFirecrawl firecrawl;
  private McpSyncClient client;

  @BeforeEach
  void startTheRealServerAgainstTheStandIn() {
    assertThat(SERVER)
        .as("firecrawl-mcp is installed by .ci/run (npm ci in mcp-servers/)")
        .isRegularFile();
    firecrawl = FakeFirecrawl.start();
    client = connect(FakeFirecrawl.API_KEY);
  }

  /** firecrawl-mcp with the given key, its environment nothing but what it needs. */
  private McpSyncClient connect(String key) {
    var server =
        ServerParameters.builder("node")
            .args(SERVER.toString())
            .env(
                Map.of(
                    "FIRECRAWL_API_KEY", key,
                    "FIRECRAWL_API_URL", firecrawl.url(),
                    "PATH", System.getenv("PATH"),
                    "HOME", System.getProperty("java.io.tmpdir")))
            .build();
    McpSyncClient connected =
        McpClient.sync(new OnlyDeclaredEnvironment(server, new JacksonMcpJsonMapper(JSON)))
            .clientInfo(new McpSchema.Implementation("orchestrate-test", "1"))
            .initializationTimeout(PATIENCE)
            .requestTimeout(PATIENCE)
            // Checks each result against the output schema the server lists, so the stand-in's
            // answers are ones the real API could give.
            .enableCallToolSchemaCaching(true)
            .build();
    // firecrawl-mcp logs each call with an object as data, which the SDK's String-typed
    // LoggingMessageNotification cannot read: McpClientSession logs an ERROR line per call and
    // drops the notification. Harmless; setLoggingLevel does not stop it (FastMCP ignores it).
    connected.initialize();
    return connected;
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (firecrawl != null) {
      firecrawl.close();
    }
  }

  @Test
  void theSimulatedToolsListTheRealServersInputSchemas() {
    Map<String, JsonNode> real =
        client.listTools().tools().stream()
            .collect(
                Collectors.toMap(McpSchema.Tool::name, tool -> withoutDialect(tool.inputSchema())));
    for (var tool : simulated.tools("firecrawl")) {
      assertThat(tool.inputSchema()).as(tool.name()).isEqualTo(real.get(tool.name()));
    }
  }

  @Test
  void searchReachesTheStandInWithTheKeyAndAnswersItsResults() {
    JsonNode arguments = grantFactoryArguments("AI 솔루션");
    CallToolResult result = call("firecrawl_search", arguments);

    var sent = firecrawl.requests("/v2/search");
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().authorization()).contains("Bearer " + FakeFirecrawl.API_KEY);
    JsonNode body = sent.getFirst().body();
    assertThat(body.get("query").asString()).isEqualTo("AI 솔루션");
    assertThat(body.get("limit").asInt()).isEqualTo(5);
    assertThat(body.at("/sources/0").asString()).isEqualTo("web");
    assertThat(body.at("/scrapeOptions/formats/0").asString()).isEqualTo("markdown");
    assertThat(body.get("origin").asString()).startsWith("mcp-orchestrate-test");

    JsonNode structured = JSON.valueToTree(result.structuredContent());
    JsonNode first = structured.at("/data/web/0");
    assertThat(first.get("url").asString()).isEqualTo(FakeFirecrawl.ANNOUNCEMENTS.getFirst().url());
    assertThat(first.get("markdown").asString()).contains("공고번호", "R26BK01234567");
    assertThat(JSON.readTree(text(result))).isEqualTo(structured);
    assertSameShape(structured, simulatedStructured("firecrawl_search", arguments));
  }

  @Test
  void scrapeReachesTheStandInAndAnswersTheDocument() {
    String url = FakeFirecrawl.ANNOUNCEMENTS.get(1).url();
    JsonNode arguments = JSON.readTree("{\"url\": \"" + url + "\", \"formats\": [\"markdown\"]}");
    CallToolResult result = call("firecrawl_scrape", arguments);

    var sent = firecrawl.requests("/v2/scrape");
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().authorization()).contains("Bearer " + FakeFirecrawl.API_KEY);
    assertThat(sent.getFirst().body().get("url").asString()).isEqualTo(url);

    JsonNode document = JSON.valueToTree(result.structuredContent());
    assertThat(document.get("markdown").asString()).contains("공공데이터 개방 포털 AI 검색 고도화");
    assertThat(document.at("/metadata/statusCode").asInt()).isEqualTo(200);
    assertThat(JSON.readTree(text(result))).isEqualTo(document);
    assertSameShape(document, simulatedStructured("firecrawl_scrape", arguments));
  }

  @Test
  void aKeyTheApiRefusesIsAToolErrorNotAProtocolError() {
    McpSyncClient wrongKey = connect("fc-not-the-key");
    try {
      CallToolResult result =
          wrongKey.callTool(
              new McpSchema.CallToolRequest(
                  "firecrawl_search", Map.of("query", "AI", "sources", List.of("web"))));
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).contains("status code 401");
      assertThat(firecrawl.requests("/v2/search"))
          .singleElement()
          .satisfies(sent -> assertThat(sent.authorization()).contains("Bearer fc-not-the-key"));
    } finally {
      wrongKey.closeGracefully();
    }
  }

  /** The arguments the demo's crawl_announcements node renders for {@code query}. */
  private static JsonNode grantFactoryArguments(String query) {
    try (InputStream in =
        FirecrawlStandInIT.class
            .getClassLoader()
            .getResourceAsStream("demo/pipelines/grant_factory.json")) {
      JsonNode nodes = JSON.readTree(in).at("/graph_definition/nodes");
      for (JsonNode node : nodes) {
        if (node.get("id").asString().equals("crawl_announcements")) {
          ObjectNode arguments = (ObjectNode) node.get("arguments").deepCopy();
          return arguments.put("query", query);
        }
      }
      throw new AssertionError("grant_factory has no crawl_announcements node");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private CallToolResult call(String tool, JsonNode arguments) {
    CallToolResult result =
        client.callTool(
            new McpSchema.CallToolRequest(tool, JSON.convertValue(arguments, Map.class)));
    assertThat(result.isError()).as(String.valueOf(result.content())).isNotEqualTo(Boolean.TRUE);
    return result;
  }

  private JsonNode simulatedStructured(String tool, JsonNode arguments) {
    return simulated
        .call("firecrawl", "firecrawl", tool, arguments)
        .content()
        .get("structuredContent");
  }

  /** The same fields at the top and in each result (values differ: other data answered them). */
  private static void assertSameShape(JsonNode real, JsonNode simulatedResult) {
    assertThat(simulatedResult.propertyNames()).isSubsetOf(real.propertyNames());
    JsonNode realHit = real.at("/data/web/0");
    JsonNode simulatedHit = simulatedResult.at("/data/web/0");
    if (!realHit.isMissingNode()) {
      assertThat(simulatedHit.propertyNames()).isEqualTo(realHit.propertyNames());
      assertThat(simulatedHit.get("metadata").propertyNames())
          .isSubsetOf(realHit.get("metadata").propertyNames());
    } else {
      assertThat(simulatedResult.get("metadata").propertyNames())
          .isSubsetOf(real.get("metadata").propertyNames());
    }
  }

  private static String text(CallToolResult result) {
    assertThat(result.content()).hasSize(1);
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static JsonNode withoutDialect(Map<String, Object> schema) {
    ObjectNode node = (ObjectNode) JSON.valueToTree(schema);
    node.remove("$schema");
    return node;
  }

  /**
   * The SDK's stdio transport starts the child with this JVM's environment plus the declared one;
   * the test gives it only what it declares, as the registry does, so nothing else can make it
   * pass.
   */
  private static final class OnlyDeclaredEnvironment extends StdioClientTransport {

    OnlyDeclaredEnvironment(ServerParameters server, JacksonMcpJsonMapper json) {
      super(server, json);
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
      ProcessBuilder builder = super.getProcessBuilder();
      builder.environment().clear();
      return builder;
    }
  }
}
