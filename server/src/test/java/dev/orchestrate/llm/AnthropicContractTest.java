package dev.orchestrate.llm;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Our Anthropic adapter against Anthropic's wire format, through the official SDK. */
class AnthropicContractTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final FakeProviders fake = FakeProviders.shared();
  private static final DefaultLlmClient llm = new DefaultLlmClient(properties(fake.llmSettings()));

  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "도시의 현재 날씨",
          json(
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                  + "\"required\":[\"city\"]}"));

  @BeforeEach
  void resetFake() {
    fake.reset();
  }

  @AfterAll
  static void closeClient() {
    llm.close();
  }

  @Test
  void completesTextWithTheProvidersUsageIncludingCacheTokens() {
    fake.anthropic().reply(Reply.text("안녕하세요, 반갑습니다.", usage(12, 5, 3, 7)).model("claude-test-1"));

    LlmResponse response = llm.complete(request("안녕"));

    assertThat(response.text()).isEqualTo("안녕하세요, 반갑습니다.");
    assertThat(response.model()).isEqualTo("claude-test-1");
    assertThat(response.usage()).isEqualTo(new Usage(12, 5, 3, 7));
    assertThat(response.billedUsage()).isEqualTo(response.usage());
    assertThat(response.stopReason()).isEqualTo("end_turn");
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(response.toolCalls()).isEmpty();
  }

  @Test
  void sendsModelSystemPromptTemperatureMaxTokensAndKeyOnTheWire() {
    llm.complete(request("서울 날씨 알려줘"));

    var received = fake.anthropic().lastRequest();
    assertThat(received.path()).isEqualTo("/v1/messages");
    assertThat(keyOnTheWire(received)).isEqualTo(FakeProviders.API_KEY);
    assertThat(received.header("anthropic-version")).isNotBlank();
    JsonNode body = received.body();
    assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("system").asString()).isEqualTo("너는 친절한 비서야");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("messages"))
        .isEqualTo(
            json("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"서울 날씨 알려줘\"}]}]"));
  }

  @Test
  void streamsTextAsItArrivesThenUsageThenCompleted() {
    fake.anthropic().reply(Reply.pieces("안녕", "하세", "요").usage(usage(9, 4)));
    List<LlmEvent> events = new ArrayList<>();

    LlmResponse response = llm.stream(request("인사해줘"), events::add, new CallControl());

    assertThat(events)
        .containsExactly(
            new LlmEvent.TextDelta("안녕"),
            new LlmEvent.TextDelta("하세"),
            new LlmEvent.TextDelta("요"),
            new LlmEvent.UsageReported(new Usage(9, 4, 0, 0)),
            new LlmEvent.Completed(response));
  }

  @Test
  void assemblesAToolCallFromItsInputPiecesAndOffersToolsOnTheWire() {
    fake.anthropic()
        .reply(
            Reply.text("날씨를 확인해 볼게요.")
                .andToolUse("toolu_01", "get_weather", "{\"city\":\"서울\",\"unit\":\"c\"}"));
    List<LlmEvent> events = new ArrayList<>();

    LlmResponse response =
        llm.stream(request("서울 날씨?", List.of(WEATHER)), events::add, new CallControl());

    ToolCall call =
        new ToolCall("toolu_01", "get_weather", json("{\"city\":\"서울\",\"unit\":\"c\"}"));
    assertThat(response.toolCalls()).containsExactly(call);
    assertThat(response.text()).isEqualTo("날씨를 확인해 볼게요.");
    assertThat(response.stopReason()).isEqualTo("tool_use");
    assertThat(events).contains(new LlmEvent.ToolCallMade(call));
    assertThat(fake.anthropic().lastRequest().body().path("tools"))
        .isEqualTo(
            json(
                "[{\"name\":\"get_weather\",\"description\":\"도시의 현재 날씨\",\"input_schema\":"
                    + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                    + "\"required\":[\"city\"]}}]"));
  }

  @Test
  void sendsToolUseAndToolResultBlocksBackInTheNextCall() {
    fake.anthropic().reply(Reply.text("서울은 맑고 23도입니다."));
    List<LlmMessage> conversation =
        List.of(
            LlmMessage.user("서울 날씨?"),
            new LlmMessage(
                LlmMessage.Role.ASSISTANT,
                List.of(
                    new ContentBlock.Text("확인해 볼게요."),
                    new ContentBlock.ToolUse(
                        "toolu_01", "get_weather", json("{\"city\":\"서울\"}")))),
            new LlmMessage(
                LlmMessage.Role.USER,
                List.of(
                    new ContentBlock.ToolResult("toolu_01", "맑음, 23도", false),
                    new ContentBlock.ToolResult("toolu_02", "시간 초과", true))));

    LlmResponse response = llm.complete(request(conversation, List.of(WEATHER)));

    assertThat(response.text()).isEqualTo("서울은 맑고 23도입니다.");
    JsonNode messages = fake.anthropic().lastRequest().body().path("messages");
    assertThat(messages.get(1))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"확인해 볼게요.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"서울\"}}]}"));
    assertThat(messages.get(2))
        .isEqualTo(
            json(
                "{\"role\":\"user\",\"content\":["
                    + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":\"맑음, 23도\"},"
                    + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_02\",\"content\":\"시간 초과\","
                    + "\"is_error\":true}]}"));
  }

  @Test
  void aRequestsOwnKeyOverridesTheConfiguredOne() {
    LlmRequest request = request("안녕");
    llm.complete(withKey(request, "sk-workspace-own-key"));

    assertThat(keyOnTheWire(fake.anthropic().lastRequest())).isEqualTo("sk-workspace-own-key");
  }

  @Test
  void failsAtOnceWithoutAKey() {
    var keyless = with(fake.llmSettings(), "orchestrate.llm.anthropic.api-key", "");
    try (var client = new DefaultLlmClient(properties(keyless))) {
      assertThatThrownBy(() -> client.complete(request("안녕")))
          .isInstanceOfSatisfying(
              LlmException.class,
              e -> assertThat(e.code()).isEqualTo(LlmException.Code.PROVIDER_ERROR))
          .hasMessage(
              "No Anthropic API key is configured (set ANTHROPIC_API_KEY or the workspace secret"
                  + " anthropic_api_key)");
    }
    assertThat(fake.anthropic().requests()).isEmpty();
  }

  @Test
  void deliversEventsOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    List<Thread> threads = new ArrayList<>();

    llm.stream(request("안녕"), event -> threads.add(Thread.currentThread()), new CallControl());

    assertThat(threads).isNotEmpty().allMatch(caller::equals);
  }

  @Test
  void keepsOneSdkClientPerBaseUrlAndKeyAndClosesThemAll() {
    List<String> closed = new ArrayList<>();
    var clients = new SdkClients<String>((url, key) -> url + "|" + key, closed::add);

    String first = clients.get("http://a", "k1");

    assertThat(clients.get("http://a", "k1")).isSameAs(first);
    assertThat(clients.get("http://a", "k2")).isNotSameAs(first);
    assertThat(clients.get("http://b", "k1")).isNotSameAs(first);
    clients.close();
    assertThat(closed).containsExactlyInAnyOrder("http://a|k1", "http://a|k2", "http://b|k1");
  }

  @Test
  void theFakesNonStreamingAnswerIsWhatTheSdkExpects() {
    fake.anthropic()
        .reply(Reply.text("네, 맞아요.", usage(7, 3)).andToolUse("toolu_9", "lookup", "{\"q\":1}"));
    var client =
        AnthropicOkHttpClient.builder()
            .apiKey(FakeProviders.API_KEY)
            .baseUrl(fake.anthropicBaseUrl())
            .maxRetries(0)
            .build();
    try {
      var message =
          client
              .messages()
              .create(
                  MessageCreateParams.builder()
                      .model("claude-sonnet-4-5")
                      .maxTokens(64)
                      .addUserMessage("맞아?")
                      .build());

      assertThat(message.content().getFirst().asText().text()).isEqualTo("네, 맞아요.");
      assertThat(message.content().get(1).asToolUse().name()).isEqualTo("lookup");
      assertThat(message.usage().inputTokens()).isEqualTo(7);
      assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
      assertThat(fake.anthropic().lastRequest().body().has("stream")).isFalse();
    } finally {
      client.close();
    }
  }

  /** SDK 3.x sends the key as a bearer token; older versions used {@code x-api-key}. */
  private static String keyOnTheWire(FakeProviders.Received received) {
    String header = received.header("x-api-key");
    return header != null ? header : received.header("authorization").replaceFirst("^Bearer ", "");
  }

  static LlmRequest request(String userText) {
    return request(List.of(LlmMessage.user(userText)), List.of());
  }

  static LlmRequest request(String userText, List<ToolDefinition> tools) {
    return request(List.of(LlmMessage.user(userText)), tools);
  }

  static LlmRequest request(List<LlmMessage> messages, List<ToolDefinition> tools) {
    return new LlmRequest(
        "anthropic",
        "claude-sonnet-4-5",
        "너는 친절한 비서야",
        messages,
        Optional.of(0.3),
        256,
        tools,
        Duration.ofSeconds(10),
        Optional.empty());
  }

  static LlmRequest withKey(LlmRequest request, String key) {
    return new LlmRequest(
        request.provider(),
        request.model(),
        request.system(),
        request.messages(),
        request.temperature(),
        request.maxTokens(),
        request.tools(),
        request.timeout(),
        Optional.of(key));
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  static LlmProperties properties(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("orchestrate.llm", LlmProperties.class);
  }

  static Map<String, String> with(Map<String, String> settings, String name, String value) {
    Map<String, String> changed = new HashMap<>(settings);
    changed.put(name, value);
    return changed;
  }
}
