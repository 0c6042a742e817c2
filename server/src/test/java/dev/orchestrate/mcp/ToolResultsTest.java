package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ToolResultsTest {

  private final ToolResults results = new ToolResults(4096);

  @Test
  void keepsContentAndStructuredContentAndReadsTheTextForAModel() {
    var answer =
        McpSchema.CallToolResult.builder()
            .content(List.of(new McpSchema.TextContent("{\"t\":1}")))
            .structuredContent(Map.of("t", 1))
            .build();
    var result = results.live(answer, Redactor.NONE);
    assertThat(result.content().get("content").get(0).get("text").asString())
        .isEqualTo("{\"t\":1}");
    assertThat(result.content().get("structuredContent").get("t").asInt()).isEqualTo(1);
    assertThat(result.text()).isEqualTo("{\"t\":1}");
    assertThat(result.truncated()).isFalse();
    assertThat(result.bytes()).isEqualTo(result.content().toString().getBytes().length);
  }

  @Test
  void cutsAResultOverTheLimitAndSaysSo() {
    String big = "가".repeat(10_000);
    var answer =
        McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(big))).build();
    var result = results.live(answer, Redactor.NONE);
    assertThat(result.truncated()).isTrue();
    assertThat(result.bytes()).isGreaterThan(30_000);
    assertThat(result.content().toString().getBytes().length).isLessThanOrEqualTo(4096);
    assertThat(result.content().get("truncated").asBoolean()).isTrue();
    assertThat(result.content().get("original_bytes").asLong()).isEqualTo(result.bytes());
    assertThat(result.text()).startsWith("가가가").contains("[Truncated:");
    assertThat(result.content().has("structuredContent")).isFalse();
  }

  @Test
  void masksTheClientsSecretValuesWhereverTheServerEchoesThem() {
    var answer =
        McpSchema.CallToolResult.builder()
            .content(List.of(new McpSchema.TextContent("{\"API_KEY\": \"sk-canary-123\"}")))
            .structuredContent(Map.of("env", Map.of("API_KEY", "sk-canary-123")))
            .build();
    var result = results.live(answer, Redactor.of(List.of("sk-canary-123")));
    assertThat(result.content().toString()).doesNotContain("sk-canary-123").contains(Redactor.MASK);
    assertThat(result.text()).doesNotContain("sk-canary-123");
  }

  @Test
  void aSimulatedAnswerKeepsItsShapeMarkedSimulated() {
    var data = JsonNodeFactory.instance.objectNode().put("ok", true);
    var answer = SimulatedTools.structuredResult(data);
    var result = results.simulated(new ToolGateway.ToolResult(answer, true, false));
    assertThat(result.simulated()).isTrue();
    assertThat(result.content().get("simulated").asBoolean()).isTrue();
    assertThat(result.content().get("structuredContent")).isEqualTo(data);
    assertThat(result.text()).isEqualTo(data.toString());
  }
}
