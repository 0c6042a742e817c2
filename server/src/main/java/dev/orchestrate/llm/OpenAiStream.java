package dev.orchestrate.llm;

import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Assembles one Chat Completions stream: relays text as it comes, tool calls (whose arguments come
 * in pieces by index) when the choice finishes, and usage from the final chunk.
 */
final class OpenAiStream {

  private static final String PROVIDER = "OpenAI";

  private final LlmListener listener;
  private final boolean usageRequired;
  private final StringBuilder text = new StringBuilder();
  private final Map<Long, PartialToolCall> pendingTools = new TreeMap<>();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private String model;
  private String finishReason;
  private Usage usage = Usage.NONE;
  private boolean usageSeen;

  /**
   * @param usageRequired whether the stream must end with its usage chunk: OpenAI always sends one
   *     when asked, some compatible servers ignore {@code stream_options}
   */
  OpenAiStream(LlmListener listener, boolean usageRequired) {
    this.listener = listener;
    this.usageRequired = usageRequired;
  }

  void accept(ChatCompletionChunk chunk) throws AttemptFailure {
    if (!chunk.model().isBlank()) {
      model = chunk.model();
    }
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      if (choice.index() == 0) {
        delta(choice.delta());
        if (choice.finishReason().isPresent()) {
          finishReason = choice.finishReason().get().asString();
          completeTools();
        }
      }
    }
    Optional<CompletionUsage> reported = chunk.usage();
    if (reported.isPresent()) {
      usage = usage(reported.get());
      usageSeen = true;
      listener.onEvent(new LlmEvent.UsageReported(usage));
    }
  }

  private void delta(ChatCompletionChunk.Choice.Delta delta) {
    delta.content().ifPresent(this::emitText);
    delta.refusal().ifPresent(this::emitText);
    for (var call : delta.toolCalls().orElse(List.of())) {
      var pending = pendingTools.computeIfAbsent(call.index(), i -> new PartialToolCall("", ""));
      var function = call.function();
      pending.update(call.id(), function.flatMap(f -> f.name()));
      function.flatMap(f -> f.arguments()).ifPresent(pending::append);
    }
  }

  private void completeTools() throws AttemptFailure {
    for (PartialToolCall pending : pendingTools.values()) {
      ToolCall call = pending.complete(PROVIDER, usage);
      toolCalls.add(call);
      listener.onEvent(new LlmEvent.ToolCallMade(call));
    }
    pendingTools.clear();
  }

  private void emitText(String piece) {
    if (!piece.isEmpty()) {
      text.append(piece);
      listener.onEvent(new LlmEvent.TextDelta(piece));
    }
  }

  /** {@code prompt_tokens} includes the cached ones, which are priced apart. */
  private static Usage usage(CompletionUsage reported) {
    long cached =
        reported.promptTokensDetails().flatMap(details -> details.cachedTokens()).orElse(0L);
    return new Usage(
        Math.max(0, reported.promptTokens() - cached), reported.completionTokens(), 0, cached);
  }

  Usage usage() {
    return usage;
  }

  /**
   * The finished response.
   *
   * @throws AttemptFailure (retryable) when the stream ended before the choice finished, or before
   *     its usage chunk where one is required
   */
  LlmResponse finish(String requestedModel) throws AttemptFailure {
    if (finishReason == null || (usageRequired && !usageSeen)) {
      throw AttemptFailure.transientFault(
          "OpenAI's stream ended before its "
              + (finishReason == null ? "finish_reason" : "usage chunk"),
          0,
          Optional.empty(),
          usage,
          null);
    }
    return new LlmResponse(
        model == null ? requestedModel : model,
        text.toString(),
        toolCalls,
        usage,
        usage,
        stopReason(finishReason),
        1);
  }

  /** OpenAI's finish reasons in the vocabulary the rest of the service uses (Anthropic's). */
  static String stopReason(String finishReason) {
    return switch (finishReason) {
      case "stop" -> "end_turn";
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      default -> finishReason;
    };
  }
}
