package dev.orchestrate.llm;

import java.util.List;
import java.util.Objects;

/** One turn of a conversation. */
public record LlmMessage(Role role, List<ContentBlock> content) {

  /** Who speaks. */
  public enum Role {
    USER,
    ASSISTANT
  }

  public LlmMessage {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  public static LlmMessage user(String text) {
    return new LlmMessage(Role.USER, List.of(new ContentBlock.Text(text)));
  }

  public static LlmMessage assistant(String text) {
    return new LlmMessage(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
  }
}
