package dev.orchestrate.llm;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import java.util.List;

/** Our request as a Messages API request. */
final class AnthropicParams {

  private AnthropicParams() {}

  static MessageCreateParams of(LlmRequest request) {
    var params =
        MessageCreateParams.builder().model(request.model()).maxTokens(request.maxTokens());
    if (!request.system().isBlank()) {
      params.system(request.system());
    }
    // SDK 3.x dropped the typed setter; the API still takes the field.
    request
        .temperature()
        .ifPresent(t -> params.putAdditionalBodyProperty("temperature", JsonValue.from(t)));
    request.tools().forEach(tool -> params.addTool(tool(tool)));
    for (LlmMessage message : request.messages()) {
      List<ContentBlockParam> blocks = blocks(message.content());
      switch (message.role()) {
        case USER -> params.addUserMessageOfContentBlockParams(blocks);
        case ASSISTANT -> params.addAssistantMessageOfContentBlockParams(blocks);
      }
    }
    return params.build();
  }

  private static Tool tool(ToolDefinition tool) {
    var schema = (com.fasterxml.jackson.databind.node.ObjectNode) objectOf(tool.inputSchema());
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    var builder =
        Tool.builder()
            .name(tool.name())
            .inputSchema(JsonValue.fromJsonNode(schema).convert(Tool.InputSchema.class));
    if (tool.description() != null && !tool.description().isBlank()) {
      builder.description(tool.description());
    }
    return builder.build();
  }

  /** The API rejects empty text blocks, so they are left out unless nothing else remains. */
  private static List<ContentBlockParam> blocks(List<ContentBlock> content) {
    List<ContentBlock> kept =
        content.stream()
            .filter(b -> !(b instanceof ContentBlock.Text t && t.text().isEmpty()))
            .toList();
    return (kept.isEmpty() ? content : kept).stream().map(AnthropicParams::block).toList();
  }

  private static ContentBlockParam block(ContentBlock block) {
    return switch (block) {
      case ContentBlock.Text text ->
          ContentBlockParam.ofText(TextBlockParam.builder().text(text.text()).build());
      case ContentBlock.ToolUse use ->
          ContentBlockParam.ofToolUse(
              ToolUseBlockParam.builder()
                  .id(use.id())
                  .name(use.name())
                  .input(
                      JsonValue.fromJsonNode(objectOf(use.input()))
                          .convert(ToolUseBlockParam.Input.class))
                  .build());
      case ContentBlock.ToolResult result -> {
        var builder =
            ToolResultBlockParam.builder().toolUseId(result.toolUseId()).content(result.content());
        if (result.isError()) {
          builder.isError(true);
        }
        yield ContentBlockParam.ofToolResult(builder.build());
      }
    };
  }

  private static com.fasterxml.jackson.databind.JsonNode objectOf(
      tools.jackson.databind.JsonNode node) {
    var converted = JsonBridge.toSdk(node);
    return converted.isObject()
        ? converted
        : new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
  }
}
