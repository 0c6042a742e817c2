package dev.orchestrate.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.llm.LlmProperties;
import dev.orchestrate.llm.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic and OpenAI on loopback, speaking their exact wire formats (SSE events, JSON bodies,
 * error bodies, {@code Retry-After}), so the real SDKs can be tested against scripted answers.
 *
 * <pre>{@code
 * FakeProviders fake = FakeProviders.shared();           // started once per JVM
 * fake.reset();                                          // in @BeforeEach
 * fake.anthropic().reply(Reply.status(429).retryAfter("1"), Reply.text("안녕하세요", usage(12, 5)));
 * LlmClient llm = new DefaultLlmClient(fake.llmProperties());
 * ... llm.complete(request) ...
 * assertThat(fake.anthropic().lastRequest().body().path("model").asString()).isEqualTo("claude-x");
 * }</pre>
 *
 * <p>Each provider answers its scripted replies in order and, when none is left, a short default
 * text ({@value #DEFAULT_TEXT}), so concurrent callers always get an answer. Anthropic serves
 * {@code POST /v1/messages} (base URL {@link #anthropicBaseUrl()}); OpenAI serves {@code POST
 * /v1/chat/completions}, and {@code /chat/completions} for base URLs without {@code /v1} (the SDK
 * appends {@code /chat/completions} to {@link #openAiBaseUrl()}). A 401 reply echoes the key it
 * received, as providers sometimes do, so tests can check the key never reaches a message.
 *
 * <p>One file on purpose (over the usual size): other modules' tests import it as one unit.
 */
public final class FakeProviders implements AutoCloseable {

  /** The key {@link #llmProperties()} configures for both providers. */
  public static final String API_KEY = "sk-fake-secret-0123456789abcdef";

  /** What a provider answers when its script is empty. */
  public static final String DEFAULT_TEXT = "안녕하세요";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static FakeProviders shared;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger ids = new AtomicInteger();
  private final Provider anthropic = new Provider(new AnthropicWire());
  private final Provider openai = new Provider(new OpenAiWire());

  private FakeProviders() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/messages", exchange -> serve(anthropic, exchange));
    server.createContext("/v1/chat/completions", exchange -> serve(openai, exchange));
    server.createContext("/chat/completions", exchange -> serve(openai, exchange));
    server.start();
  }

  /** The instance all tests of a JVM share; call {@link #reset()} before each test. */
  public static synchronized FakeProviders shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A fresh instance of one's own, to {@link #close()} after use. */
  public static FakeProviders start() {
    try {
      return new FakeProviders();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Provider anthropic() {
    return anthropic;
  }

  public Provider openai() {
    return openai;
  }

  /** For {@code ANTHROPIC_BASE_URL}: the SDK calls {@code /v1/messages} under it. */
  public String anthropicBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** For {@code OPENAI_BASE_URL}: ends in {@code /v1}, like OpenAI's own. */
  public String openAiBaseUrl() {
    return anthropicBaseUrl() + "/v1";
  }

  /**
   * Settings that point both providers here with {@link #API_KEY}, retry fast (3 attempts, 10 ms
   * initial backoff, at most 2 s) and let the simulated provider stream without pauses.
   */
  public LlmProperties llmProperties() {
    return new LlmProperties(
        new LlmProperties.Endpoint(API_KEY, anthropicBaseUrl()),
        new LlmProperties.Endpoint(API_KEY, openAiBaseUrl()),
        new LlmProperties.Retry(3, Duration.ofMillis(10), Duration.ofSeconds(2)),
        Duration.ofSeconds(30),
        new LlmProperties.Simulated(Duration.ofMillis(1)));
  }

  /** Forgets both scripts and what was received; answers still in flight count no more. */
  public void reset() {
    anthropic.reset();
    openai.reset();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  public static Usage usage(long input, long output) {
    return new Usage(input, output, 0, 0);
  }

  public static Usage usage(long input, long output, long cacheWrite, long cacheRead) {
    return new Usage(input, output, cacheWrite, cacheRead);
  }

  /** One provider: its script of replies and what it received. */
  public static final class Provider {

    private final Wire wire;
    private volatile Script script = new Script();

    private Provider(Wire wire) {
      this.wire = wire;
    }

    /** Queues replies, answered one per request in order. */
    public Provider reply(Reply... replies) {
      script.replies.addAll(List.of(replies));
      return this;
    }

    /** Every request received since the last reset, in order of arrival. */
    public List<Received> requests() {
      return List.copyOf(script.received);
    }

    public Received lastRequest() {
      List<Received> received = requests();
      if (received.isEmpty()) {
        throw new AssertionError("no request received");
      }
      return received.getLast();
    }

    /** How many answers the client hung up on before they were complete. */
    public int disconnects() {
      return script.disconnects.get();
    }

    private void reset() {
      script = new Script();
    }
  }

  /**
   * A request as received.
   *
   * @param headers first value of each header, by lower-case name
   * @param body the parsed JSON body (a missing node when it was not JSON)
   * @param receivedAtNanos {@link System#nanoTime()} at arrival, to measure gaps between attempts
   */
  public record Received(
      String method,
      String path,
      Map<String, String> headers,
      JsonNode body,
      long receivedAtNanos) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One scripted answer, rendered in whichever provider's format is asked. Start from a factory,
   * refine with the {@code with}-style methods.
   *
   * @param status 200 for an answer, else an error with the provider's error body
   * @param errorBody a raw error body, or null for the provider's usual one
   * @param textPieces the text, as the content deltas that carry it
   * @param toolUses tool calls after the text
   * @param stopReason in Anthropic's words ({@code end_turn}, {@code max_tokens}, {@code
   *     tool_use}); OpenAI gets its own ({@code stop}, {@code length}, {@code tool_calls})
   * @param model the model named in the answer; null echoes the request's
   * @param delay how long to wait before answering at all
   * @param pacing how long to wait after each streamed event
   * @param cut whether to drop the connection right after the text, before the final events
   */
  public record Reply(
      int status,
      String errorBody,
      Map<String, String> headers,
      List<String> textPieces,
      List<ToolUse> toolUses,
      Usage usage,
      String stopReason,
      String model,
      Duration delay,
      Duration pacing,
      boolean cut) {

    /** A tool call, its JSON input sent in pieces. */
    public record ToolUse(String id, String name, List<String> inputPieces) {}

    /** Text in pieces of three characters, with a plausible usage. */
    public static Reply text(String text) {
      return text(text, FakeProviders.usage(10, Math.max(1, text.length() / 2)));
    }

    public static Reply text(String text, Usage usage) {
      return pieces(split(text, 3)).usage(usage);
    }

    /** Text streamed in exactly these pieces. */
    public static Reply pieces(String... pieces) {
      return pieces(List.of(pieces));
    }

    private static Reply pieces(List<String> pieces) {
      return new Reply(
          200,
          null,
          Map.of(),
          pieces,
          List.of(),
          FakeProviders.usage(10, 5),
          null,
          null,
          Duration.ZERO,
          Duration.ZERO,
          false);
    }

    /** A tool call without text; {@code inputJson} arrives in three pieces. */
    public static Reply toolUse(String id, String name, String inputJson) {
      return pieces(List.of()).andToolUse(id, name, inputJson);
    }

    /** Some text, then the connection drops before the message's final events. */
    public static Reply cutAfter(String... textPieces) {
      Reply reply = pieces(textPieces);
      return new Reply(
          200,
          null,
          Map.of(),
          reply.textPieces,
          List.of(),
          reply.usage,
          null,
          null,
          Duration.ZERO,
          Duration.ZERO,
          true);
    }

    /** An error status with the provider's usual error body for it. */
    public static Reply status(int status) {
      return status(status, null);
    }

    /** An error status with this raw body. */
    public static Reply status(int status, String body) {
      return new Reply(
          status,
          body,
          Map.of(),
          List.of(),
          List.of(),
          Usage.NONE,
          null,
          null,
          Duration.ZERO,
          Duration.ZERO,
          false);
    }

    /** Anthropic's 529 {@code overloaded_error}. */
    public static Reply overloaded() {
      return status(
          529,
          "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    }

    public Reply andToolUse(String id, String name, String inputJson) {
      List<ToolUse> tools = new ArrayList<>(toolUses);
      tools.add(new ToolUse(id, name, split(inputJson, Math.max(1, (inputJson.length() + 2) / 3))));
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          List.copyOf(tools),
          usage,
          stopReason == null ? "tool_use" : stopReason,
          model,
          delay,
          pacing,
          cut);
    }

    public Reply usage(Usage usage) {
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          toolUses,
          usage,
          stopReason,
          model,
          delay,
          pacing,
          cut);
    }

    public Reply header(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Reply(
          status,
          errorBody,
          Map.copyOf(all),
          textPieces,
          toolUses,
          usage,
          stopReason,
          model,
          delay,
          pacing,
          cut);
    }

    public Reply retryAfter(String value) {
      return header("retry-after", value);
    }

    public Reply stopReason(String reason) {
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          toolUses,
          usage,
          reason,
          model,
          delay,
          pacing,
          cut);
    }

    public Reply model(String name) {
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          toolUses,
          usage,
          stopReason,
          name,
          delay,
          pacing,
          cut);
    }

    public Reply delay(Duration wait) {
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          toolUses,
          usage,
          stopReason,
          model,
          wait,
          pacing,
          cut);
    }

    public Reply pacing(Duration wait) {
      return new Reply(
          status,
          errorBody,
          headers,
          textPieces,
          toolUses,
          usage,
          stopReason,
          model,
          delay,
          wait,
          cut);
    }

    String text() {
      return String.join("", textPieces);
    }

    String stop() {
      return stopReason == null ? "end_turn" : stopReason;
    }

    private static List<String> split(String text, int size) {
      List<String> pieces = new ArrayList<>();
      int i = 0;
      while (i < text.length()) {
        int end = text.offsetByCodePoints(i, Math.min(size, text.codePointCount(i, text.length())));
        pieces.add(text.substring(i, end));
        i = end;
      }
      return pieces;
    }
  }

  // ---------------------------------------------------------------- serving

  private record Script(
      ConcurrentLinkedQueue<Reply> replies,
      CopyOnWriteArrayList<Received> received,
      AtomicInteger disconnects) {
    Script() {
      this(new ConcurrentLinkedQueue<>(), new CopyOnWriteArrayList<>(), new AtomicInteger());
    }
  }

  /** How one provider renders a reply. */
  private interface Wire {
    /** The SSE events, up to the cut if the reply is cut. */
    List<String> events(Reply reply, String model);

    String message(Reply reply, String model);

    String error(Reply reply, String receivedKey);
  }

  /** Thrown out of a handler so the server drops the connection without ending the stream. */
  private static final class StreamCut extends RuntimeException {
    StreamCut() {
      super("stream cut by the script", null, false, false);
    }
  }

  private void serve(Provider provider, HttpExchange exchange) throws IOException {
    Script script = provider.script;
    try {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = parse(raw);
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
      script.received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(headers),
              body,
              System.nanoTime()));
      Reply reply =
          Optional.ofNullable(script.replies.poll()).orElseGet(() -> Reply.text(DEFAULT_TEXT));
      pause(reply.delay());
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      String model = reply.model() != null ? reply.model() : body.path("model").asString("fake");
      if (reply.status() != 200) {
        String key = headers.getOrDefault("x-api-key", headers.getOrDefault("authorization", ""));
        send(
            exchange, reply.status(), provider.wire.error(reply, key.replaceFirst("^Bearer ", "")));
      } else if (!body.path("stream").asBoolean(false)) {
        send(exchange, 200, provider.wire.message(reply, model));
      } else {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : provider.wire.events(reply, model)) {
          out.write(event.getBytes(UTF_8));
          out.flush();
          pause(reply.pacing());
        }
        if (reply.cut()) {
          throw new StreamCut();
        }
        exchange.close();
      }
    } catch (IOException e) {
      // The client hung up while we were still answering.
      script.disconnects.incrementAndGet();
      exchange.close();
    }
  }

  private static JsonNode parse(byte[] raw) {
    try {
      return JSON.readTree(raw);
    } catch (RuntimeException e) {
      return NODES.missingNode();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Waits, but returns at once when the server closes, so a slow answer never holds a test up. */
  private void pause(Duration wait) {
    if (wait.isPositive()) {
      try {
        closed.await(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String id(String prefix) {
    return prefix + "fake" + ids.incrementAndGet();
  }

  // ---------------------------------------------------------------- Anthropic's wire

  private final class AnthropicWire implements Wire {

    @Override
    public List<String> events(Reply reply, String model) {
      List<String> events = new ArrayList<>();
      ObjectNode start = NODES.objectNode().put("type", "message_start");
      ObjectNode message = start.putObject("message");
      message.put("id", id("msg_")).put("type", "message").put("role", "assistant");
      message.put("model", model).putArray("content");
      message.putNull("stop_reason").putNull("stop_sequence");
      message.set("usage", usage(reply.usage(), 1));
      events.add(sse("message_start", start));
      int index = 0;
      if (!reply.textPieces().isEmpty() || reply.toolUses().isEmpty()) {
        ObjectNode block = NODES.objectNode().put("type", "text").put("text", "");
        events.add(sse("content_block_start", blockStart(index, block)));
        events.add(sse("ping", NODES.objectNode().put("type", "ping")));
        for (String piece : reply.textPieces()) {
          ObjectNode delta = NODES.objectNode().put("type", "text_delta").put("text", piece);
          events.add(sse("content_block_delta", blockDelta(index, delta)));
        }
        if (reply.cut()) {
          return events;
        }
        events.add(sse("content_block_stop", blockStop(index++)));
      }
      for (Reply.ToolUse tool : reply.toolUses()) {
        ObjectNode block = NODES.objectNode().put("type", "tool_use");
        block.put("id", tool.id()).put("name", tool.name()).putObject("input");
        events.add(sse("content_block_start", blockStart(index, block)));
        List<String> pieces = new ArrayList<>(List.of(""));
        pieces.addAll(tool.inputPieces());
        for (String piece : pieces) {
          ObjectNode delta =
              NODES.objectNode().put("type", "input_json_delta").put("partial_json", piece);
          events.add(sse("content_block_delta", blockDelta(index, delta)));
        }
        events.add(sse("content_block_stop", blockStop(index++)));
      }
      ObjectNode end = NODES.objectNode().put("type", "message_delta");
      end.putObject("delta").put("stop_reason", reply.stop()).putNull("stop_sequence");
      end.putObject("usage").put("output_tokens", reply.usage().outputTokens());
      events.add(sse("message_delta", end));
      events.add(sse("message_stop", NODES.objectNode().put("type", "message_stop")));
      return events;
    }

    @Override
    public String message(Reply reply, String model) {
      ObjectNode message = NODES.objectNode().put("id", id("msg_")).put("type", "message");
      message.put("role", "assistant").put("model", model);
      ArrayNode content = message.putArray("content");
      if (!reply.textPieces().isEmpty() || reply.toolUses().isEmpty()) {
        content.addObject().put("type", "text").put("text", reply.text());
      }
      for (Reply.ToolUse tool : reply.toolUses()) {
        ObjectNode use = content.addObject().put("type", "tool_use");
        use.put("id", tool.id()).put("name", tool.name());
        use.set("input", JSON.readTree(String.join("", tool.inputPieces())));
      }
      message.put("stop_reason", reply.stop()).putNull("stop_sequence");
      message.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
      return message.toString();
    }

    @Override
    public String error(Reply reply, String receivedKey) {
      if (reply.errorBody() != null) {
        return reply.errorBody();
      }
      String type =
          switch (reply.status()) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
          };
      String text = reply.status() == 401 ? "invalid x-api-key: " + receivedKey : type;
      ObjectNode body = NODES.objectNode().put("type", "error");
      body.putObject("error").put("type", type).put("message", text);
      return body.toString();
    }

    private static ObjectNode usage(Usage usage, long output) {
      return NODES
          .objectNode()
          .put("input_tokens", usage.inputTokens())
          .put("cache_creation_input_tokens", usage.cacheWriteTokens())
          .put("cache_read_input_tokens", usage.cacheReadTokens())
          .put("output_tokens", output);
    }

    private static ObjectNode blockStart(int index, ObjectNode block) {
      ObjectNode event = NODES.objectNode().put("type", "content_block_start").put("index", index);
      return event.set("content_block", block);
    }

    private static ObjectNode blockDelta(int index, ObjectNode delta) {
      ObjectNode event = NODES.objectNode().put("type", "content_block_delta").put("index", index);
      return event.set("delta", delta);
    }

    private static ObjectNode blockStop(int index) {
      return NODES.objectNode().put("type", "content_block_stop").put("index", index);
    }

    private static String sse(String event, JsonNode data) {
      return "event: " + event + "\ndata: " + data + "\n\n";
    }
  }

  // ---------------------------------------------------------------- OpenAI's wire

  private final class OpenAiWire implements Wire {

    @Override
    public List<String> events(Reply reply, String model) {
      String id = id("chatcmpl-");
      List<String> events = new ArrayList<>();
      ObjectNode first = NODES.objectNode().put("role", "assistant");
      if (reply.textPieces().isEmpty() && !reply.toolUses().isEmpty()) {
        first.putNull("content");
      } else {
        first.put("content", "");
      }
      events.add(data(chunk(id, model, first.putNull("refusal"), null)));
      for (String piece : reply.textPieces()) {
        events.add(data(chunk(id, model, NODES.objectNode().put("content", piece), null)));
      }
      if (reply.cut()) {
        return events;
      }
      for (int index = 0; index < reply.toolUses().size(); index++) {
        Reply.ToolUse tool = reply.toolUses().get(index);
        ObjectNode call = NODES.objectNode().put("index", index).put("id", tool.id());
        call.put("type", "function")
            .putObject("function")
            .put("name", tool.name())
            .put("arguments", "");
        events.add(data(chunk(id, model, toolCalls(call), null)));
        for (String piece : tool.inputPieces()) {
          ObjectNode more = NODES.objectNode().put("index", index);
          more.putObject("function").put("arguments", piece);
          events.add(data(chunk(id, model, toolCalls(more), null)));
        }
      }
      events.add(data(chunk(id, model, NODES.objectNode(), finishReason(reply.stop()))));
      ObjectNode last = chunk(id, model, null, null);
      last.set("usage", usage(reply.usage()));
      events.add(data(last));
      events.add("data: [DONE]\n\n");
      return events;
    }

    @Override
    public String message(Reply reply, String model) {
      ObjectNode completion = NODES.objectNode().put("id", id("chatcmpl-"));
      completion.put("object", "chat.completion").put("created", created()).put("model", model);
      ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
      ObjectNode message = choice.putObject("message").put("role", "assistant");
      if (reply.textPieces().isEmpty() && !reply.toolUses().isEmpty()) {
        message.putNull("content");
      } else {
        message.put("content", reply.text());
      }
      message.putNull("refusal").putArray("annotations");
      if (!reply.toolUses().isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (Reply.ToolUse tool : reply.toolUses()) {
          ObjectNode call = calls.addObject().put("id", tool.id()).put("type", "function");
          call.putObject("function")
              .put("name", tool.name())
              .put("arguments", String.join("", tool.inputPieces()));
        }
      }
      choice.putNull("logprobs").put("finish_reason", finishReason(reply.stop()));
      completion.set("usage", usage(reply.usage()));
      completion.put("service_tier", "default").put("system_fingerprint", "fp_fake");
      return completion.toString();
    }

    @Override
    public String error(Reply reply, String receivedKey) {
      if (reply.errorBody() != null) {
        return reply.errorBody();
      }
      ObjectNode error = NODES.objectNode();
      ObjectNode detail = error.putObject("error");
      switch (reply.status()) {
        case 401 ->
            detail
                .put("message", "Incorrect API key provided: " + receivedKey)
                .put("type", "invalid_request_error")
                .putNull("param")
                .put("code", "invalid_api_key");
        case 429 ->
            detail
                .put("message", "Rate limit reached for requests")
                .put("type", "requests")
                .putNull("param")
                .put("code", "rate_limit_exceeded");
        case 400, 404 ->
            detail
                .put("message", "The request was rejected")
                .put("type", "invalid_request_error")
                .putNull("param")
                .put("code", reply.status() == 404 ? "model_not_found" : "invalid_value");
        default ->
            detail
                .put("message", "The server had an error while processing your request")
                .put("type", "server_error")
                .putNull("param")
                .putNull("code");
      }
      return error.toString();
    }

    private static ObjectNode toolCalls(ObjectNode call) {
      ObjectNode delta = NODES.objectNode();
      delta.putArray("tool_calls").add(call);
      return delta;
    }

    private static ObjectNode chunk(String id, String model, ObjectNode delta, String finish) {
      ObjectNode chunk = NODES.objectNode().put("id", id).put("object", "chat.completion.chunk");
      chunk.put("created", created()).put("model", model).put("service_tier", "default");
      chunk.put("system_fingerprint", "fp_fake");
      ArrayNode choices = chunk.putArray("choices");
      if (delta != null) {
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
          choice.putNull("finish_reason");
        } else {
          choice.put("finish_reason", finish);
        }
      }
      return chunk.putNull("usage");
    }

    private static ObjectNode usage(Usage usage) {
      long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
      ObjectNode node = NODES.objectNode().put("prompt_tokens", prompt);
      node.put("completion_tokens", usage.outputTokens());
      node.put("total_tokens", prompt + usage.outputTokens());
      node.putObject("prompt_tokens_details")
          .put("cached_tokens", usage.cacheReadTokens())
          .put("audio_tokens", 0);
      node.putObject("completion_tokens_details")
          .put("reasoning_tokens", 0)
          .put("audio_tokens", 0)
          .put("accepted_prediction_tokens", 0)
          .put("rejected_prediction_tokens", 0);
      return node;
    }

    private static String finishReason(String stopReason) {
      return switch (stopReason) {
        case "end_turn" -> "stop";
        case "max_tokens" -> "length";
        case "tool_use" -> "tool_calls";
        default -> stopReason;
      };
    }

    private static long created() {
      return System.currentTimeMillis() / 1000;
    }

    private static String data(JsonNode chunk) {
      return "data: " + chunk + "\n\n";
    }
  }
}
