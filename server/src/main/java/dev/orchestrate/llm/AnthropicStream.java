package dev.orchestrate.llm;

import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles one Messages API stream: relays text as it comes, tool calls once their input is whole,
 * and usage from {@code message_start} updated by {@code message_delta}.
 */
final class AnthropicStream {

  private static final String PROVIDER = "Anthropic";

  private final LlmListener listener;
  private final StringBuilder text = new StringBuilder();
  private final Map<Long, PartialToolCall> pendingTools = new HashMap<>();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private String model;
  private String stopReason;
  private Usage usage = Usage.NONE;
  private boolean stopped;

  AnthropicStream(LlmListener listener) {
    this.listener = listener;
  }

  void accept(RawMessageStreamEvent event) throws AttemptFailure {
    if (event.isMessageStart()) {
      var message = event.asMessageStart().message();
      model = message.model().asString();
      var start = message.usage();
      usage =
          new Usage(
              start.inputTokens(),
              start.outputTokens(),
              start.cacheCreationInputTokens().orElse(0L),
              start.cacheReadInputTokens().orElse(0L));
    } else if (event.isContentBlockStart()) {
      blockStarted(event.asContentBlockStart());
    } else if (event.isContentBlockDelta()) {
      delta(event.asContentBlockDelta());
    } else if (event.isContentBlockStop()) {
      PartialToolCall tool = pendingTools.remove(event.asContentBlockStop().index());
      if (tool != null) {
        ToolCall call = tool.complete(PROVIDER, usage);
        toolCalls.add(call);
        listener.onEvent(new LlmEvent.ToolCallMade(call));
      }
    } else if (event.isMessageDelta()) {
      var delta = event.asMessageDelta();
      delta.delta().stopReason().ifPresent(reason -> stopReason = reason.asString());
      usage = updated(usage, delta.usage());
    } else if (event.isMessageStop()) {
      stopped = true;
      listener.onEvent(new LlmEvent.UsageReported(usage));
    }
  }

  private void blockStarted(RawContentBlockStartEvent start) {
    var block = start.contentBlock();
    if (block.isToolUse()) {
      var use = block.asToolUse();
      pendingTools.put(start.index(), new PartialToolCall(use.id(), use.name()));
    } else if (block.isText()) {
      emitText(block.asText().text());
    }
  }

  private void delta(RawContentBlockDeltaEvent event) {
    var delta = event.delta();
    if (delta.isText()) {
      emitText(delta.asText().text());
    } else if (delta.isInputJson()) {
      PartialToolCall tool = pendingTools.get(event.index());
      if (tool != null) {
        tool.append(delta.asInputJson().partialJson());
      }
    }
  }

  private void emitText(String piece) {
    if (piece != null && !piece.isEmpty()) {
      text.append(piece);
      listener.onEvent(new LlmEvent.TextDelta(piece));
    }
  }

  /** {@code message_delta} usage is cumulative; input and cache fields appear only when known. */
  private static Usage updated(Usage current, MessageDeltaUsage delta) {
    return new Usage(
        delta.inputTokens().orElse(current.inputTokens()),
        delta.outputTokens(),
        delta.cacheCreationInputTokens().orElse(current.cacheWriteTokens()),
        delta.cacheReadInputTokens().orElse(current.cacheReadTokens()));
  }

  /** What the provider has reported so far, billed even if the stream breaks. */
  Usage usage() {
    return usage;
  }

  /**
   * The finished response.
   *
   * @throws AttemptFailure (retryable) when the stream ended before {@code message_stop}
   */
  LlmResponse finish(String requestedModel) throws AttemptFailure {
    if (!stopped) {
      throw AttemptFailure.transientFault(
          "Anthropic's stream ended before message_stop", 0, Optional.empty(), usage, null);
    }
    return new LlmResponse(
        model == null || model.isBlank() ? requestedModel : model,
        text.toString(),
        toolCalls,
        usage,
        usage,
        stopReason == null ? "end_turn" : stopReason,
        1);
  }
}
