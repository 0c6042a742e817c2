package dev.orchestrate.llm;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Our OpenAI adapter against the Chat Completions wire format, through the official SDK. */
class OpenAiContractTest {

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
  void completesTextWithCachedPromptTokensPricedApart() {
    fake.openai().reply(Reply.text("안녕하세요, 반갑습니다.", usage(12, 5, 0, 7)).model("gpt-test-1"));

    LlmResponse response = llm.complete(request("안녕"));

    assertThat(response.text()).isEqualTo("안녕하세요, 반갑습니다.");
    assertThat(response.model()).isEqualTo("gpt-test-1");
    // The wire said prompt_tokens 19 with 7 cached.
    assertThat(response.usage()).isEqualTo(new Usage(12, 5, 0, 7));
    assertThat(response.billedUsage()).isEqualTo(response.usage());
    assertThat(response.stopReason()).isEqualTo("end_turn");
    assertThat(response.attempts()).isEqualTo(1);
  }

  @Test
  void sendsModelSystemPromptTemperatureMaxTokensUsageOptionAndKeyOnTheWire() {
    llm.complete(request("서울 날씨 알려줘"));

    var received = fake.openai().lastRequest();
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
    assertThat(received.header("authorization")).isEqualTo("Bearer " + FakeProviders.API_KEY);
    JsonNode body = received.body();
    assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    // A compatible server (any base URL but OpenAI's) gets max_tokens.
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(body.path("messages"))
        .isEqualTo(
            json(
                "[{\"role\":\"system\",\"content\":\"너는 친절한 비서야\"},"
                    + "{\"role\":\"user\",\"content\":\"서울 날씨 알려줘\"}]"));
  }

  @Test
  void openAiItselfGetsMaxCompletionTokens() {
    assertThat(OpenAiParams.isOpenAi("")).isTrue();
    assertThat(OpenAiParams.isOpenAi("https://api.openai.com/v1")).isTrue();
    assertThat(OpenAiParams.isOpenAi(fake.openAiBaseUrl())).isFalse();

    var params = OpenAiParams.of(request("안녕"), "");

    assertThat(params.maxCompletionTokens()).contains(256L);
    assertThat(params.maxTokens()).isEmpty();
  }

  @Test
  void streamsTextAsItArrivesThenUsageThenCompleted() {
    fake.openai().reply(Reply.pieces("안녕", "하세", "요").usage(usage(9, 4)));
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
  void assemblesToolCallsFromArgumentPiecesAndOffersToolsOnTheWire() {
    fake.openai()
        .reply(
            Reply.toolUse("call_1", "get_weather", "{\"city\":\"서울\"}")
                .andToolUse("call_2", "get_weather", "{\"city\":\"부산\"}"));
    List<LlmEvent> events = new ArrayList<>();

    LlmResponse response =
        llm.stream(request("서울과 부산 날씨?", List.of(WEATHER)), events::add, new CallControl());

    var seoul = new ToolCall("call_1", "get_weather", json("{\"city\":\"서울\"}"));
    var busan = new ToolCall("call_2", "get_weather", json("{\"city\":\"부산\"}"));
    assertThat(response.toolCalls()).containsExactly(seoul, busan);
    assertThat(response.stopReason()).isEqualTo("tool_use");
    assertThat(response.text()).isEmpty();
    assertThat(events)
        .containsSubsequence(new LlmEvent.ToolCallMade(seoul), new LlmEvent.ToolCallMade(busan));
    assertThat(fake.openai().lastRequest().body().path("tools"))
        .isEqualTo(
            json(
                "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"description\":\"도시의 현재 날씨\",\"parameters\":{\"type\":\"object\","
                    + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]"));
  }

  @Test
  void sendsToolCallsAsAssistantToolCallsAndResultsAsToolMessages() {
    fake.openai().reply(Reply.text("서울은 맑고 23도입니다."));
    List<LlmMessage> conversation =
        List.of(
            LlmMessage.user("서울 날씨?"),
            new LlmMessage(
                LlmMessage.Role.ASSISTANT,
                List.of(
                    new ContentBlock.Text("확인해 볼게요."),
                    new ContentBlock.ToolUse("call_1", "get_weather", json("{\"city\":\"서울\"}")))),
            new LlmMessage(
                LlmMessage.Role.USER,
                List.of(
                    new ContentBlock.ToolResult("call_1", "맑음, 23도", false),
                    new ContentBlock.Text("섭씨로 알려줘"))));

    llm.complete(request(conversation, List.of(WEATHER)));

    JsonNode messages = fake.openai().lastRequest().body().path("messages");
    assertThat(messages.get(2))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":\"확인해 볼게요.\",\"tool_calls\":[{\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"서울\\\"}\"}}]}"));
    assertThat(messages.get(3))
        .isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"맑음, 23도\"}"));
    assertThat(messages.get(4)).isEqualTo(json("{\"role\":\"user\",\"content\":\"섭씨로 알려줘\"}"));
  }

  @Test
  void mapsFinishReasonLengthToMaxTokens() {
    fake.openai().reply(Reply.text("길게 쓰다가").stopReason("max_tokens"));

    assertThat(llm.complete(request("길게 써줘")).stopReason()).isEqualTo("max_tokens");
  }

  @Test
  void servesABaseUrlWithoutV1LikeSomeCompatibleServersAreConfigured() {
    var rootBase =
        with(fake.llmSettings(), "orchestrate.llm.openai.base-url", fake.anthropicBaseUrl());
    try (var client = new DefaultLlmClient(properties(rootBase))) {
      assertThat(client.complete(request("안녕")).text()).isEqualTo(FakeProviders.DEFAULT_TEXT);
    }
    assertThat(fake.openai().lastRequest().path()).isEqualTo("/chat/completions");
  }

  static LlmRequest request(String userText) {
    return request(List.of(LlmMessage.user(userText)), List.of());
  }

  static LlmRequest request(String userText, List<ToolDefinition> tools) {
    return request(List.of(LlmMessage.user(userText)), tools);
  }

  static LlmRequest request(List<LlmMessage> messages, List<ToolDefinition> tools) {
    return new LlmRequest(
        "openai",
        "gpt-4o-mini",
        "너는 친절한 비서야",
        messages,
        Optional.of(0.3),
        256,
        tools,
        Duration.ofSeconds(10),
        Optional.empty());
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
