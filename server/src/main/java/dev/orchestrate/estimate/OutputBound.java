package dev.orchestrate.estimate;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The most a node's output can put into a later prompt, in tokens counted as the agent runner
 * counts them (never more than one a character). Model text is counted at the model's {@code
 * max_tokens}: text it generated takes about as many tokens when read back.
 */
sealed interface OutputBound {

  /**
   * JSON escaping makes quotes, backslashes and line breaks two characters; text written into a
   * JSON rendering is counted twice over.
   */
  long ESCAPED = 2;

  /** Known now: the execution input, passed on by trigger and validation nodes. */
  record Exact(JsonNode value) implements OutputBound {}

  /** One agent's text. */
  record Text(long tokens) implements OutputBound {}

  /** Several agents' texts, as an object keyed by slug. */
  record ByAgent(Map<String, Long> tokens) implements OutputBound {}

  /** JSON of unknown shape (a tool's result, a gate's decision) of at most this size, compact. */
  record Json(long tokens) implements OutputBound {}

  /** The most its compact JSON rendering can take. */
  default long asJson() {
    return switch (this) {
      case Exact exact -> exact.value().toString().length();
      case Text text -> Tokens.plus(Tokens.times(ESCAPED, text.tokens()), 2);
      case ByAgent agents -> {
        long size = 2;
        for (var entry : agents.tokens().entrySet()) {
          size = Tokens.plus(size, entry.getKey().length() + 6L);
          size = Tokens.plus(size, Tokens.times(ESCAPED, entry.getValue()));
        }
        yield size;
      }
      case Json json -> json.tokens();
    };
  }
}
