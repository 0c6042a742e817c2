package dev.orchestrate.mcp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack without a workspace: lists the bundled channels and echoes a posted message as Slack's
 * {@code chat.postMessage} answers it, with a {@code ts} from the clock. Like {@code
 * @zencoderai/slack-mcp-server}, each tool answers the Slack Web API's JSON as one text block.
 */
final class SimulatedSlack implements SimulatedTools.Service {

  private static final int DEFAULT_LIMIT = 100;
  // The server caps what it asks conversations.list for at Slack's own maximum.
  private static final int MAX_LIMIT = 200;

  private final JsonNode bot;
  private final List<JsonNode> channels = new ArrayList<>();
  private final Clock clock;

  SimulatedSlack(JsonNode samples, Clock clock) {
    this.bot = samples.get("bot");
    samples.get("channels").forEach(channels::add);
    this.clock = clock;
  }

  @Override
  public String preset() {
    return "slack";
  }

  @Override
  public Map<String, SimulatedTools.Handler> handlers() {
    return Map.of("slack_post_message", this::postMessage, "slack_list_channels", this::list);
  }

  private ObjectNode postMessage(JsonNode arguments) {
    if (arguments.get("text").asString().isBlank()) {
      // Slack refuses an empty message in its answer, and the server passes that on as a result.
      return SimulatedTools.textResult("{\"ok\":false,\"error\":\"no_text\"}");
    }
    String requested = arguments.get("channel_id").asString();
    // Slack accepts a channel's name as well as its id and answers with the id.
    String channel = find(requested).map(c -> c.get("id").asString()).orElse(requested);
    String ts = ts(clock.instant());
    ObjectNode response = JsonNodeFactory.instance.objectNode().put("ok", true);
    response.put("channel", channel).put("ts", ts);
    response
        .putObject("message")
        .put("type", "message")
        .put("subtype", "bot_message")
        .put("text", arguments.get("text").asString())
        .put("user", bot.get("user_id").asString())
        .put("bot_id", bot.get("bot_id").asString())
        .put("team", bot.get("team").asString())
        .put("ts", ts);
    return SimulatedTools.textResult(response.toString());
  }

  private ObjectNode list(JsonNode arguments) {
    int limit = Math.clamp(arguments.path("limit").asInt(DEFAULT_LIMIT), 1, MAX_LIMIT);
    int offset = SimulatedTools.offset(arguments.path("cursor").asString(""));
    ObjectNode response = JsonNodeFactory.instance.objectNode().put("ok", true);
    ArrayNode listed = response.putArray("channels");
    int end = Math.min(channels.size(), offset + limit);
    for (JsonNode channel : channels.subList(Math.min(offset, end), end)) {
      ObjectNode entry =
          listed
              .addObject()
              .put("id", channel.get("id").asString())
              .put("name", channel.get("name").asString())
              .put("is_channel", true)
              .put("is_private", false)
              .put("is_archived", false)
              .put("num_members", channel.get("num_members").asInt());
      entry.putObject("topic").put("value", channel.get("topic").asString());
      entry.putObject("purpose").put("value", channel.get("purpose").asString());
    }
    String next = end < channels.size() ? SimulatedTools.cursor(end) : "";
    response.putObject("response_metadata").put("next_cursor", next);
    return SimulatedTools.textResult(response.toString());
  }

  private Optional<JsonNode> find(String channel) {
    String name = channel.startsWith("#") ? channel.substring(1) : channel;
    return channels.stream()
        .filter(c -> c.get("id").asString().equals(name) || c.get("name").asString().equals(name))
        .findFirst();
  }

  /** Slack's message timestamp: epoch seconds with six digits of microseconds. */
  static String ts(Instant at) {
    return String.format(Locale.ROOT, "%d.%06d", at.getEpochSecond(), at.getNano() / 1_000);
  }
}
