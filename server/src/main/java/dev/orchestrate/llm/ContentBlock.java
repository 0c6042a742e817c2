package dev.orchestrate.llm;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A piece of a message: text, a tool call the model made, or the result of one. */
public sealed interface ContentBlock {

  record Text(String text) implements ContentBlock {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** The model asked for a tool (assistant messages). */
  record ToolUse(String id, String name, JsonNode input) implements ContentBlock {}

  /** What a tool answered (user messages), matched to its call by id. */
  record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {}
}
