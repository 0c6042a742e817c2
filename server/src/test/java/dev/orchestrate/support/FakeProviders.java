package dev.orchestrate.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Anthropic and OpenAI on loopback, speaking their exact wire formats (SSE events, JSON bodies,
 * error bodies, {@code Retry-After}), so the real SDKs can be tested against scripted answers.
 *
 * <pre>{@code
 * FakeProviders fake = FakeProviders.shared();           // started once per JVM
 * fake.reset();                                          // in @BeforeEach
 * fake.anthropic().reply(Reply.status(429).retryAfter("1"), Reply.text("안녕하세요", usage(12, 5)));
 * // point orchestrate.llm.* at fake.llmSettings(), then call the LlmClient
 * ... llm.complete(request) ...
 * assertThat(fake.anthropic().lastRequest().body().path("model").asString()).isEqualTo("claude-x");
 * }</pre>
 *
 * <p>Each provider answers its scripted replies in order and, when none is left, a short default
 * text ({@value #DEFAULT_TEXT}), so concurrent callers always get an answer. Tests that share the
 * instance with work still running in the background script by marker instead: {@code
 * fake.anthropic().when("marker-42").reply(...)} answers only requests whose body contains {@code
 * marker-42}. Anthropic serves {@code POST /v1/messages} (base URL {@link #anthropicBaseUrl()});
 * OpenAI serves {@code POST /v1/chat/completions}, and {@code /chat/completions} for base URLs
 * without {@code /v1} (the SDK appends {@code /chat/completions} to {@link #openAiBaseUrl()}). A
 * 401 reply echoes the key it received, as providers sometimes do, so tests can check the key never
 * reaches a message.
 *
 * <p>One file on purpose (over the usual size): other modules' tests import it as one unit.
 */
public final class FakeProviders implements AutoCloseable {

  /** The key {@link #llmSettings()} configures for both providers. */
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
   * Settings, by Spring property name, that point both providers here with {@link #API_KEY}, retry
   * fast (3 attempts, 10 ms initial backoff, at most 2 s) and let the simulated provider stream
   * without pauses. In a Spring test: {@code fake.llmSettings().forEach((name, value) ->
   * registry.add(name, () -> value))} in a {@code @DynamicPropertySource}; without one, bind them
   * with {@code new Binder(new MapConfigurationPropertySource(settings))}.
   */
  public Map<String, String> llmSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("orchestrate.llm.anthropic.api-key", API_KEY);
    settings.put("orchestrate.llm.anthropic.base-url", anthropicBaseUrl());
    settings.put("orchestrate.llm.openai.api-key", API_KEY);
    settings.put("orchestrate.llm.openai.base-url", openAiBaseUrl());
    settings.put("orchestrate.llm.retry.max-attempts", "3");
    settings.put("orchestrate.llm.retry.initial-backoff", "10ms");
    settings.put("orchestrate.llm.retry.max-backoff", "2s");
    settings.put("orchestrate.llm.default-timeout", "30s");
    settings.put("orchestrate.llm.simulated.token-delay", "1ms");
    return settings;
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

  public static Tokens usage(long input, long output) {
    return new Tokens(input, output, 0, 0);
  }

  public static Tokens usage(long input, long output, long cacheWrite, long cacheRead) {
    return new Tokens(input, output, cacheWrite, cacheRead);
  }

  /**
   * The usage a reply reports, in Anthropic's terms: {@code input} excludes cached tokens (OpenAI
   * gets {@code prompt_tokens = input + cacheWrite + cacheRead}, {@code cached_tokens =
   * cacheRead}).
   */
  public record Tokens(long input, long output, long cacheWrite, long cacheRead) {
    static final Tokens NONE = new Tokens(0, 0, 0, 0);
  }

  /** One provider: its script of replies and what it received. */
  public static final class Provider {

    private final Wire wire;
    private volatile Script script = new Script();
    private final Map<String, Marked> marked = new ConcurrentHashMap<>();

    private Provider(Wire wire) {
      this.wire = wire;
    }

    /** Queues replies, answered one per request in order. */
    public Provider reply(Reply... replies) {
      script.replies.addAll(List.of(replies));
      return this;
    }

    /**
     * The script for requests whose body contains {@code marker} (put it in an agent's system
     * prompt): only those requests consume its replies, and they never consume the unmarked script,
     * so concurrent callers of the shared instance cannot take each other's answers. Marked scripts
     * outlive {@link FakeProviders#reset()}: they belong to whoever holds the marker, and a marker
     * is meant to be unique.
     */
    public Marked when(String marker) {
      if (marker == null || marker.isBlank()) {
        throw new IllegalArgumentException("a marker must not be blank");
      }
      return marked.computeIfAbsent(marker, Marked::new);
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

    private Optional<Marked> markedFor(String body) {
      return marked.values().stream().filter(m -> body.contains(m.marker)).findFirst();
    }
  }

  /** The script of the requests that carry one marker, and what they received. */
  public static final class Marked {

    private final String marker;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply otherwise = Reply.text(DEFAULT_TEXT);

    private Marked(String marker) {
      this.marker = marker;
    }

    /** Queues replies, answered one per marked request in order. */
    public Marked reply(Reply... more) {
      replies.addAll(List.of(more));
      return this;
    }

    /** What marked requests get once the queued replies are used up (default: a short text). */
    public Marked otherwise(Reply reply) {
      otherwise = reply;
      return this;
    }

    /** The marked requests received, in order of arrival. */
    public List<Received> requests() {
      return List.copyOf(received);
    }

    private Reply next() {
      return Optional.ofNullable(replies.poll()).orElse(otherwise);
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
   * One scripted answer, rendered in whichever provider's format is asked: start from a factory,
   * refine with the other methods (each returns a changed copy).
   */
  public static final class Reply {

    /** A tool call, its JSON input sent in pieces. */
    record ToolUse(String id, String name, List<String> inputPieces) {}

    private int status = 200;
    private String errorBody;
    private Map<String, String> headers = Map.of();
    private List<String> textPieces = List.of();
    private List<ToolUse> toolUses = List.of();
    private Tokens usage = FakeProviders.usage(10, 5);
    private String stopReason;
    private String model;
    private Duration delay = Duration.ZERO;
    private Duration pacing = Duration.ZERO;
    private boolean cut;
    private java.util.function.Function<JsonNode, Reply> fromRequest;

    private Reply() {}

    /** A reply made from the request it answers (its parsed JSON body). */
    public static Reply fromRequest(java.util.function.Function<JsonNode, Reply> make) {
      Reply reply = new Reply();
      reply.fromRequest = make;
      return reply;
    }

    /**
     * The most an Anthropic request allows: {@code max_tokens} characters of text (one token each),
     * reporting every one of them as output and, as input, every character of the prompt counted
     * the way the service bounds a prompt before a call (system, each message's text, tool calls
     * and results plus 8 a message, and the tools' definitions): usage as large as the request
     * allows, for tests of cost bounds.
     */
    public static Reply largest() {
      return fromRequest(
          body -> {
            long max = body.path("max_tokens").asLong();
            return text("가".repeat((int) max), FakeProviders.usage(promptChars(body), max));
          });
    }

    /**
     * A tool call as large as the request allows: text filling {@code max_tokens} with the call's
     * name and input, all reported as output, and the prompt as in {@link #largest()}.
     */
    public static Reply largestToolUse(String id, String name, String inputJson) {
      return fromRequest(
          body -> {
            long max = body.path("max_tokens").asLong();
            int text = (int) Math.max(0, max - name.length() - inputJson.length());
            return text("가".repeat(text), FakeProviders.usage(promptChars(body), max))
                .andToolUse(id, name, inputJson);
          });
    }

    /** An Anthropic request's prompt in characters, as the service counts a prompt's tokens. */
    public static long promptChars(JsonNode body) {
      long chars = textOf(body.path("system"));
      for (JsonNode message : body.path("messages")) {
        chars += 8;
        JsonNode content = message.path("content");
        if (content.isString()) {
          chars += content.asString().length();
          continue;
        }
        for (JsonNode block : content) {
          chars +=
              switch (block.path("type").asString("")) {
                case "text" -> block.path("text").asString("").length();
                case "tool_use" ->
                    block.path("name").asString("").length()
                        + block.path("input").toString().length();
                case "tool_result" -> textOf(block.path("content"));
                default -> block.toString().length();
              };
        }
      }
      for (JsonNode tool : body.path("tools")) {
        chars +=
            tool.path("name").asString("").length()
                + tool.path("description").asString("").length()
                + tool.path("input_schema").toString().length();
      }
      return chars;
    }

    /** A string, or the text of an array of text blocks. */
    private static long textOf(JsonNode value) {
      if (value.isString()) {
        return value.asString().length();
      }
      long chars = 0;
      for (JsonNode block : value) {
        chars += block.path("text").asString("").length();
      }
      return chars;
    }

    /** Text in pieces of three characters, with a plausible usage. */
    public static Reply text(String text) {
      return text(text, FakeProviders.usage(10, Math.max(1, text.length() / 2)));
    }

    public static Reply text(String text, Tokens usage) {
      return pieces(split(text, 3).toArray(String[]::new)).usage(usage);
    }

    /** Text streamed in exactly these pieces. */
    public static Reply pieces(String... pieces) {
      Reply reply = new Reply();
      reply.textPieces = List.of(pieces);
      return reply;
    }

    /** A tool call without text; {@code inputJson} arrives in three pieces. */
    public static Reply toolUse(String id, String name, String inputJson) {
      return new Reply().andToolUse(id, name, inputJson);
    }

    /** Some text, then the connection drops before the message's final events. */
    public static Reply cutAfter(String... textPieces) {
      Reply reply = pieces(textPieces);
      reply.cut = true;
      return reply;
    }

    /** An error status with the provider's usual error body for it. */
    public static Reply status(int status) {
      return status(status, null);
    }

    /** An error status with this raw body. */
    public static Reply status(int status, String body) {
      Reply reply = new Reply();
      reply.status = status;
      reply.errorBody = body;
      reply.usage = Tokens.NONE;
      return reply;
    }

    /** Anthropic's 529 {@code overloaded_error}. */
    public static Reply overloaded() {
      return status(
          529,
          "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    }

    /** A tool call after the text; sets the stop reason to {@code tool_use}. */
    public Reply andToolUse(String id, String name, String inputJson) {
      Reply copy = copy();
      List<ToolUse> tools = new ArrayList<>(toolUses);
      tools.add(new ToolUse(id, name, split(inputJson, Math.max(1, (inputJson.length() + 2) / 3))));
      copy.toolUses = List.copyOf(tools);
      copy.stopReason = stopReason == null ? "tool_use" : stopReason;
      return copy;
    }

    /** What the answer reports as its usage. */
    public Reply usage(Tokens tokens) {
      Reply copy = copy();
      copy.usage = tokens;
      return copy;
    }

    public Reply header(String name, String value) {
      Reply copy = copy();
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      copy.headers = Map.copyOf(all);
      return copy;
    }

    public Reply retryAfter(String value) {
      return header("retry-after", value);
    }

    /** In Anthropic's words ({@code end_turn}, {@code max_tokens}, {@code tool_use}). */
    public Reply stopReason(String reason) {
      Reply copy = copy();
      copy.stopReason = reason;
      return copy;
    }

    /** The model the answer names; by default the request's. */
    public Reply model(String name) {
      Reply copy = copy();
      copy.model = name;
      return copy;
    }

    /** Waits this long before answering at all. */
    public Reply delay(Duration wait) {
      Reply copy = copy();
      copy.delay = wait;
      return copy;
    }

    /** Waits this long after each streamed event. */
    public Reply pacing(Duration wait) {
      Reply copy = copy();
      copy.pacing = wait;
      return copy;
    }

    private Reply copy() {
      Reply copy = new Reply();
      copy.status = status;
      copy.errorBody = errorBody;
      copy.headers = headers;
      copy.textPieces = textPieces;
      copy.toolUses = toolUses;
      copy.usage = usage;
      copy.stopReason = stopReason;
      copy.model = model;
      copy.delay = delay;
      copy.pacing = pacing;
      copy.cut = cut;
      copy.fromRequest = fromRequest;
      return copy;
    }

    private String text() {
      return String.join("", textPieces);
    }

    private String stop() {
      return stopReason == null ? "end_turn" : stopReason;
    }

    private static List<String> split(String text, int size) {
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < text.length(); ) {
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
      Received received =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(headers),
              body,
              System.nanoTime());
      script.received.add(received);
      Optional<Marked> marked = provider.markedFor(new String(raw, UTF_8));
      marked.ifPresent(m -> m.received.add(received));
      Reply reply =
          marked
              .map(Marked::next)
              .or(() -> Optional.ofNullable(script.replies.poll()))
              .orElseGet(() -> Reply.text(DEFAULT_TEXT));
      if (reply.fromRequest != null) {
        reply = reply.fromRequest.apply(body);
      }
      pause(reply.delay);
      reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      String model = reply.model != null ? reply.model : body.path("model").asString("fake");
      if (reply.status != 200) {
        String key = headers.getOrDefault("x-api-key", headers.getOrDefault("authorization", ""));
        send(exchange, reply.status, provider.wire.error(reply, key.replaceFirst("^Bearer ", "")));
      } else if (!body.path("stream").asBoolean(false)) {
        send(exchange, 200, provider.wire.message(reply, model));
      } else {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : provider.wire.events(reply, model)) {
          out.write(event.getBytes(UTF_8));
          out.flush();
          pause(reply.pacing);
        }
        if (reply.cut) {
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

  // ---------------------------------------------------------------- the wire formats

  /** Text as a JSON string literal. */
  private static String q(String text) {
    return JSON.writeValueAsString(text);
  }

  private final class AnthropicWire implements Wire {

    @Override
    public List<String> events(Reply reply, String model) {
      List<String> events = new ArrayList<>();
      events.add(
          sse(
              "message_start",
              """
              {"type":"message_start","message":{"id":%s,"type":"message","role":"assistant",\
              "model":%s,"content":[],"stop_reason":null,"stop_sequence":null,"usage":%s}}"""
                  .formatted(q(id("msg_")), q(model), usage(reply.usage, 1))));
      int index = 0;
      if (!reply.textPieces.isEmpty() || reply.toolUses.isEmpty()) {
        events.add(
            sse(
                "content_block_start",
                """
                {"type":"content_block_start","index":%d,\
                "content_block":{"type":"text","text":""}}"""
                    .formatted(index)));
        events.add(sse("ping", "{\"type\": \"ping\"}"));
        for (String piece : reply.textPieces) {
          events.add(
              sse(
                  "content_block_delta",
                  """
                  {"type":"content_block_delta","index":%d,\
                  "delta":{"type":"text_delta","text":%s}}"""
                      .formatted(index, q(piece))));
        }
        if (reply.cut) {
          return events;
        }
        events.add(sse("content_block_stop", blockStop(index++)));
      }
      for (Reply.ToolUse tool : reply.toolUses) {
        events.add(
            sse(
                "content_block_start",
                """
                {"type":"content_block_start","index":%d,\
                "content_block":{"type":"tool_use","id":%s,"name":%s,"input":{}}}"""
                    .formatted(index, q(tool.id()), q(tool.name()))));
        List<String> pieces = new ArrayList<>(List.of(""));
        pieces.addAll(tool.inputPieces());
        for (String piece : pieces) {
          events.add(
              sse(
                  "content_block_delta",
                  """
                  {"type":"content_block_delta","index":%d,\
                  "delta":{"type":"input_json_delta","partial_json":%s}}"""
                      .formatted(index, q(piece))));
        }
        events.add(sse("content_block_stop", blockStop(index++)));
      }
      events.add(
          sse(
              "message_delta",
              """
              {"type":"message_delta","delta":{"stop_reason":%s,"stop_sequence":null},\
              "usage":{"output_tokens":%d}}"""
                  .formatted(q(reply.stop()), reply.usage.output())));
      events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
      return events;
    }

    @Override
    public String message(Reply reply, String model) {
      List<String> content = new ArrayList<>();
      if (!reply.textPieces.isEmpty() || reply.toolUses.isEmpty()) {
        content.add("{\"type\":\"text\",\"text\":%s}".formatted(q(reply.text())));
      }
      for (Reply.ToolUse tool : reply.toolUses) {
        content.add(
            "{\"type\":\"tool_use\",\"id\":%s,\"name\":%s,\"input\":%s}"
                .formatted(q(tool.id()), q(tool.name()), String.join("", tool.inputPieces())));
      }
      return """
          {"id":%s,"type":"message","role":"assistant","model":%s,"content":[%s],\
          "stop_reason":%s,"stop_sequence":null,"usage":%s}"""
          .formatted(
              q(id("msg_")),
              q(model),
              String.join(",", content),
              q(reply.stop()),
              usage(reply.usage, reply.usage.output()));
    }

    @Override
    public String error(Reply reply, String receivedKey) {
      String type =
          switch (reply.status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
          };
      String message = reply.status == 401 ? "invalid x-api-key: " + receivedKey : type;
      return "{\"type\":\"error\",\"error\":{\"type\":%s,\"message\":%s}}"
          .formatted(q(type), q(message));
    }

    private static String usage(Tokens usage, long output) {
      return """
          {"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,\
          "output_tokens":%d}"""
          .formatted(usage.input(), usage.cacheWrite(), usage.cacheRead(), output);
    }

    private static String blockStop(int index) {
      return "{\"type\":\"content_block_stop\",\"index\":%d}".formatted(index);
    }

    private static String sse(String event, String data) {
      return "event: " + event + "\ndata: " + data + "\n\n";
    }
  }

  private final class OpenAiWire implements Wire {

    @Override
    public List<String> events(Reply reply, String model) {
      String id = id("chatcmpl-");
      boolean toolsOnly = reply.textPieces.isEmpty() && !reply.toolUses.isEmpty();
      List<String> events = new ArrayList<>();
      String role = "{\"role\":\"assistant\",\"content\":%s,\"refusal\":null}";
      events.add(chunk(id, model, role.formatted(toolsOnly ? "null" : "\"\""), null));
      for (String piece : reply.textPieces) {
        events.add(chunk(id, model, "{\"content\":%s}".formatted(q(piece)), null));
      }
      if (reply.cut) {
        return events;
      }
      for (int index = 0; index < reply.toolUses.size(); index++) {
        Reply.ToolUse tool = reply.toolUses.get(index);
        events.add(
            chunk(
                id,
                model,
                """
                {"tool_calls":[{"index":%d,"id":%s,"type":"function",\
                "function":{"name":%s,"arguments":""}}]}"""
                    .formatted(index, q(tool.id()), q(tool.name())),
                null));
        for (String piece : tool.inputPieces()) {
          String delta = "{\"tool_calls\":[{\"index\":%d,\"function\":{\"arguments\":%s}}]}";
          events.add(chunk(id, model, delta.formatted(index, q(piece)), null));
        }
      }
      events.add(chunk(id, model, "{}", finishReason(reply.stop())));
      events.add(
          """
          data: {"id":%s,"object":"chat.completion.chunk","created":%d,"model":%s,\
          "service_tier":"default","system_fingerprint":"fp_fake","choices":[],"usage":%s}

          """
              .formatted(q(id), created(), q(model), usage(reply.usage)));
      events.add("data: [DONE]\n\n");
      return events;
    }

    @Override
    public String message(Reply reply, String model) {
      boolean toolsOnly = reply.textPieces.isEmpty() && !reply.toolUses.isEmpty();
      List<String> calls = new ArrayList<>();
      for (Reply.ToolUse tool : reply.toolUses) {
        calls.add(
            "{\"id\":%s,\"type\":\"function\",\"function\":{\"name\":%s,\"arguments\":%s}}"
                .formatted(q(tool.id()), q(tool.name()), q(String.join("", tool.inputPieces()))));
      }
      return """
          {"id":%s,"object":"chat.completion","created":%d,"model":%s,"choices":[{"index":0,\
          "message":{"role":"assistant","content":%s,"refusal":null,"annotations":[]%s},\
          "logprobs":null,"finish_reason":%s}],"usage":%s,"service_tier":"default",\
          "system_fingerprint":"fp_fake"}"""
          .formatted(
              q(id("chatcmpl-")),
              created(),
              q(model),
              toolsOnly ? "null" : q(reply.text()),
              calls.isEmpty() ? "" : ",\"tool_calls\":[" + String.join(",", calls) + "]",
              q(finishReason(reply.stop())),
              usage(reply.usage));
    }

    @Override
    public String error(Reply reply, String receivedKey) {
      String[] error =
          switch (reply.status) {
            case 401 ->
                new String[] {
                  "Incorrect API key provided: " + receivedKey,
                  "invalid_request_error",
                  "invalid_api_key"
                };
            case 429 ->
                new String[] {"Rate limit reached for requests", "requests", "rate_limit_exceeded"};
            case 400 -> new String[] {"Invalid request", "invalid_request_error", "invalid_value"};
            case 404 ->
                new String[] {
                  "The model does not exist", "invalid_request_error", "model_not_found"
                };
            default ->
                new String[] {
                  "The server had an error processing your request", "server_error", null
                };
          };
      return "{\"error\":{\"message\":%s,\"type\":%s,\"param\":null,\"code\":%s}}"
          .formatted(q(error[0]), q(error[1]), error[2] == null ? "null" : q(error[2]));
    }

    private static String chunk(String id, String model, String delta, String finishReason) {
      return """
          data: {"id":%s,"object":"chat.completion.chunk","created":%d,"model":%s,\
          "service_tier":"default","system_fingerprint":"fp_fake","choices":[{"index":0,\
          "delta":%s,"logprobs":null,"finish_reason":%s}],"usage":null}

          """
          .formatted(
              q(id), created(), q(model), delta, finishReason == null ? "null" : q(finishReason));
    }

    private static String usage(Tokens usage) {
      long prompt = usage.input() + usage.cacheWrite() + usage.cacheRead();
      return """
          {"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,\
          "prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},\
          "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,\
          "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"""
          .formatted(prompt, usage.output(), prompt + usage.output(), usage.cacheRead());
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
  }
}
