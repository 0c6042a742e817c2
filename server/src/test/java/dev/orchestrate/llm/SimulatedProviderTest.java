package dev.orchestrate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.FakeProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The simulated provider: a free, offline stand-in that says it is one. */
class SimulatedProviderTest {

  private static final FakeProviders fake = FakeProviders.shared();
  private static final DefaultLlmClient llm = new DefaultLlmClient(properties(fake.llmSettings()));

  @BeforeEach
  void resetFake() {
    fake.reset();
  }

  @AfterAll
  static void close() {
    llm.close();
  }

  @Test
  void answersInKoreanAboutTheRequestAndSaysItIsSimulated() {
    LlmResponse response = llm.complete(request("분기별 매출 보고서를 요약해 주세요", 1024));

    assertThat(response.model()).isEqualTo("simulated:claude-sonnet-4-5");
    assertThat(response.text())
        .startsWith("[시뮬레이션 응답]")
        .contains("## 요청 요약", "## 분석", "## 제안", "## 결론")
        .contains("분기별 매출 보고서를 요약해 주세요");
    assertThat(response.text().codePoints().filter(SimulatedProviderTest::isHangul).count())
        .isGreaterThan(100);
    assertThat(response.stopReason()).isEqualTo("end_turn");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.attempts()).isEqualTo(1);
  }

  @Test
  void streamsTheAnswerInSmallChunksThenUsageThenCompleted() {
    List<LlmEvent> events = Collections.synchronizedList(new ArrayList<>());

    LlmResponse response = llm.stream(request("주간 회의록 정리", 1024), events::add, new CallControl());

    List<String> chunks =
        events.stream()
            .filter(LlmEvent.TextDelta.class::isInstance)
            .map(e -> ((LlmEvent.TextDelta) e).text())
            .toList();
    assertThat(chunks).hasSizeGreaterThan(50).allMatch(chunk -> chunk.length() <= 6);
    assertThat(String.join("", chunks)).isEqualTo(response.text());
    assertThat(events.get(events.size() - 2))
        .isEqualTo(new LlmEvent.UsageReported(response.usage()));
    assertThat(events.getLast()).isEqualTo(new LlmEvent.Completed(response));
  }

  @Test
  void countsTokensFromTheTextItWroteAndThePromptItRead() {
    LlmResponse response = llm.complete(request("신제품 출시 일정의 위험 요소를 분석해 주세요", 1024));

    Usage usage = response.usage();
    assertThat(usage.outputTokens())
        .isBetween(100L, 300L)
        .isEqualTo(TokenEstimate.of(response.text()));
    assertThat(usage.inputTokens()).isPositive();
    assertThat(usage.cacheReadTokens() + usage.cacheWriteTokens()).isZero();
    assertThat(response.billedUsage()).isEqualTo(usage);
  }

  @Test
  void neverCallsTheNetworkAndNeedsNoKey() {
    var keyless =
        with(
            with(fake.llmSettings(), "orchestrate.llm.anthropic.api-key", ""),
            "orchestrate.llm.openai.api-key",
            "");
    try (var client = new DefaultLlmClient(properties(keyless))) {
      assertThat(client.complete(request("안녕하세요", 1024)).text()).isNotBlank();
    }
    assertThat(fake.anthropic().requests()).isEmpty();
    assertThat(fake.openai().requests()).isEmpty();
  }

  @Test
  void answersTheSameRequestTheSameWay() {
    assertThat(llm.complete(request("같은 질문", 1024)).text())
        .isEqualTo(llm.complete(request("같은 질문", 1024)).text())
        .isNotEqualTo(llm.complete(request("다른 질문", 1024)).text());
  }

  @Test
  void stopsAtMaxTokens() {
    LlmResponse response = llm.complete(request("짧게", 20));

    assertThat(response.stopReason()).isEqualTo("max_tokens");
    assertThat(response.usage().outputTokens()).isLessThanOrEqualTo(20);
  }

  @Test
  void stopsWhenCancelled() throws Exception {
    var slow =
        properties(with(fake.llmSettings(), "orchestrate.llm.simulated.token-delay", "40ms"));
    var control = new CallControl();
    List<LlmEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (var client = new DefaultLlmClient(slow);
        var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<LlmResponse> call =
          CompletableFuture.supplyAsync(
              () -> client.stream(request("천천히", 1024), events::add, control), callers);
      await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());

      control.cancel();

      try {
        call.get(3, TimeUnit.SECONDS);
        throw new AssertionError("the call finished");
      } catch (ExecutionException e) {
        assertThat(e.getCause())
            .isInstanceOfSatisfying(
                LlmException.class,
                failure -> assertThat(failure.code()).isEqualTo(LlmException.Code.CANCELLED));
      }
    }
    assertThat(events).noneMatch(LlmEvent.Completed.class::isInstance);
  }

  @Test
  void rejectsAnUnknownProvider() {
    LlmRequest request = request("안녕", 64);
    var unknown =
        new LlmRequest(
            "mystery",
            request.model(),
            request.system(),
            request.messages(),
            request.temperature(),
            request.maxTokens(),
            request.tools(),
            request.timeout(),
            request.apiKey());

    assertThatThrownBy(() -> llm.complete(unknown))
        .isInstanceOf(LlmException.class)
        .hasMessageContaining("mystery");
  }

  private static boolean isHangul(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HANGUL;
  }

  private static LlmRequest request(String userText, int maxTokens) {
    return new LlmRequest(
        "simulated",
        "claude-sonnet-4-5",
        "너는 분석가야",
        List.of(LlmMessage.user(userText)),
        Optional.empty(),
        maxTokens,
        List.of(),
        Duration.ofSeconds(10),
        Optional.empty());
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
