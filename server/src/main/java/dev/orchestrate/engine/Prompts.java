package dev.orchestrate.engine;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The user message of an agent_call node without a prompt: the input and the upstream results. */
final class Prompts {

  private Prompts() {}

  static String byDefault(NodeContext ctx, JsonMapper json) {
    var text = new StringBuilder();
    text.append("## 입력 (input)\n").append(render(ctx.input(), json)).append("\n");
    boolean first = true;
    for (Map.Entry<String, JsonNode> entry : ctx.outputs().entrySet()) {
      if (!ctx.upstream().contains(entry.getKey())) {
        continue;
      }
      if (first) {
        text.append("\n## 이전 단계 결과 (results so far)\n");
        first = false;
      }
      String label = ctx.labels().getOrDefault(entry.getKey(), entry.getKey());
      text.append("\n### ").append(label).append(" (").append(entry.getKey()).append(")\n");
      text.append(render(entry.getValue(), json)).append("\n");
    }
    return text.toString();
  }

  private static String render(JsonNode value, JsonMapper json) {
    if (value == null || value.isNull()) {
      return "(없음)";
    }
    if (value.isString()) {
      return value.asString();
    }
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
