package dev.orchestrate.llm;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Our request as a Chat Completions request. Tool results (user turns in our model) become {@code
 * role=tool} messages right after the assistant turn that asked, as the API requires; tool calls
 * become the assistant's {@code tool_calls}.
 */
final class OpenAiParams {

  private OpenAiParams() {}

  /**
   * @param baseUrl where the request goes: OpenAI itself takes {@code max_completion_tokens} (its
   *     reasoning models refuse {@code max_tokens}); compatible servers (Ollama, vLLM, llama.cpp)
   *     know {@code max_tokens} best
   */
  static ChatCompletionCreateParams of(LlmRequest request, String baseUrl) {
    var params =
        ChatCompletionCreateParams.builder()
            .model(request.model())
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    if (isOpenAi(baseUrl)) {
      params.maxCompletionTokens(request.maxTokens());
    } else {
      params.maxTokens(request.maxTokens());
    }
    request.temperature().ifPresent(params::temperature);
    if (!request.system().isBlank()) {
      params.addSystemMessage(request.system());
    }
    for (LlmMessage message : request.messages()) {
      switch (message.role()) {
        case USER -> addUserTurn(params, message.content());
        case ASSISTANT -> params.addMessage(assistantTurn(message.content()));
      }
    }
    request.tools().forEach(tool -> params.addTool(tool(tool)));
    return params.build();
  }

  static boolean isOpenAi(String baseUrl) {
    if (baseUrl.isBlank()) {
      return true;
    }
    String host = URI.create(baseUrl).getHost();
    return host != null && host.equalsIgnoreCase("api.openai.com");
  }

  private static void addUserTurn(
      ChatCompletionCreateParams.Builder params, List<ContentBlock> blocks) {
    List<String> texts = new ArrayList<>();
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.ToolResult result ->
            params.addMessage(
                ChatCompletionToolMessageParam.builder()
                    .toolCallId(result.toolUseId())
                    .content(result.content())
                    .build());
        case ContentBlock.Text text -> texts.add(text.text());
        // A user turn has no tool calls; should one appear, it is the caller's mistake to see.
        case ContentBlock.ToolUse use -> texts.add(JsonBridge.write(use.input()));
      }
    }
    if (!texts.isEmpty()) {
      params.addUserMessage(String.join("\n\n", texts));
    }
  }

  private static ChatCompletionAssistantMessageParam assistantTurn(List<ContentBlock> blocks) {
    var turn = ChatCompletionAssistantMessageParam.builder();
    List<String> texts = new ArrayList<>();
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.Text text -> texts.add(text.text());
        case ContentBlock.ToolUse use ->
            turn.addToolCall(
                ChatCompletionMessageFunctionToolCall.builder()
                    .id(use.id())
                    .function(
                        ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(use.name())
                            .arguments(JsonBridge.write(use.input()))
                            .build())
                    .build());
        case ContentBlock.ToolResult result -> texts.add(result.content());
      }
    }
    String text = String.join("\n\n", texts);
    if (!text.isEmpty()) {
      turn.content(text);
    }
    return turn.build();
  }

  private static ChatCompletionFunctionTool tool(ToolDefinition tool) {
    var parameters = FunctionParameters.builder();
    JsonBridge.toSdk(tool.inputSchema())
        .properties()
        .forEach(
            field ->
                parameters.putAdditionalProperty(
                    field.getKey(), JsonValue.fromJsonNode(field.getValue())));
    var function = FunctionDefinition.builder().name(tool.name()).parameters(parameters.build());
    if (tool.description() != null && !tool.description().isBlank()) {
      function.description(tool.description());
    }
    return ChatCompletionFunctionTool.builder().function(function.build()).build();
  }
}
