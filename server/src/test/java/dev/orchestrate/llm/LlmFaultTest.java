package dev.orchestrate.llm;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Retries, deadlines and cancellation against providers that misbehave on the wire. */
class LlmFaultTest {

  private static final FakeProviders fake = FakeProviders.shared();
  private static final DefaultLlmClient llm = new DefaultLlmClient(properties(fake.llmSettings()));
  private static final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * The first call through each SDK loads hundreds of classes, seconds on a busy machine: the
   * timing checks below should measure our deadlines, not that.
   */
  @BeforeAll
  static void warmUp() {
    llm.complete(request("anthropic"));
    llm.complete(request("openai"));
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
  }

  @AfterAll
  static void close() {
    llm.close();
    callers.shutdownNow();
  }

  @Test
  void retriesTwoRateLimitsThenSucceedsDeliveringTheTextOnce() {
    fake.anthropic()
        .reply(Reply.status(429), Reply.status(429), Reply.text("최종 답변입니다.", usage(20, 8)));
    var recorder = new Recorder();

    LlmResponse response = llm.stream(request("anthropic"), recorder, new CallControl());

    assertThat(response.attempts()).isEqualTo(3);
    assertThat(response.text()).isEqualTo("최종 답변입니다.");
    assertThat(recorder.restarts())
        .extracting(LlmEvent.AttemptRestarted::attempt)
        .containsExactly(2, 3);
    assertThat(recorder.restarts().getFirst().reason()).contains("429");
    assertThat(recorder.text()).isEqualTo(response.text());
    assertThat(recorder.events().getLast()).isEqualTo(new LlmEvent.Completed(response));
    assertThat(fake.anthropic().requests()).hasSize(3);
  }

  @Test
  void waitsAsLongAsRetryAfterAsks() {
    fake.anthropic().reply(Reply.status(429).retryAfter("1"), Reply.text("이제 됩니다."));
    fake.openai().reply(Reply.status(503).header("retry-after-ms", "400"), Reply.text("이제 됩니다."));

    assertThat(llm.complete(request("anthropic")).attempts()).isEqualTo(2);
    assertThat(llm.complete(request("openai")).attempts()).isEqualTo(2);

    // Backoff alone would be 5-10 ms.
    assertThat(gapBetweenAttempts(fake.anthropic()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950))
        .isLessThan(Duration.ofSeconds(10));
    assertThat(gapBetweenAttempts(fake.openai()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(380))
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void rejectsABadKeyAtOnceWithoutShowingIt() {
    for (String provider : List.of("anthropic", "openai")) {
      var side = provider.equals("anthropic") ? fake.anthropic() : fake.openai();
      side.reply(Reply.status(401));

      assertThatThrownBy(() -> llm.complete(request(provider)))
          .isInstanceOfSatisfying(
              LlmException.class,
              e -> {
                assertThat(e.code()).isEqualTo(LlmException.Code.PROVIDER_ERROR);
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.provider()).isEqualTo(provider);
                assertThat(e.getMessage()).contains("401").doesNotContain("sk-fake-secret");
                assertThat(String.valueOf(e.getCause())).doesNotContain("sk-fake-secret");
              });
      assertThat(side.requests()).hasSize(1);
    }
  }

  @Test
  void doesNotRetryABadRequest() {
    fake.openai().reply(Reply.status(400));

    assertThatThrownBy(() -> llm.complete(request("openai")))
        .isInstanceOfSatisfying(
            LlmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(LlmException.Code.PROVIDER_ERROR);
              assertThat(e.httpStatus()).isEqualTo(400);
            });
    assertThat(fake.openai().requests()).hasSize(1);
  }

  @Test
  void retriesAnthropicWhenOverloaded() {
    fake.anthropic().reply(Reply.overloaded(), Reply.text("이제 괜찮아요."));
    var recorder = new Recorder();

    LlmResponse response = llm.stream(request("anthropic"), recorder, new CallControl());

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(recorder.restarts().getFirst().reason())
        .contains("529")
        .contains("overloaded_error");
  }

  @Test
  void retriesACutStreamWithoutDuplicatingTextAndBillsBothAttempts() {
    fake.anthropic()
        .reply(
            Reply.cutAfter("안녕", "하세").usage(usage(10, 2)),
            Reply.pieces("안녕", "하세", "요").usage(usage(10, 3)));
    var recorder = new Recorder();

    LlmResponse response = llm.stream(request("anthropic"), recorder, new CallControl());

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.text()).isEqualTo("안녕하세요");
    assertThat(recorder.deltas()).containsExactly("안녕", "하세", "안녕", "하세", "요");
    assertThat(recorder.restarts()).hasSize(1);
    assertThat(recorder.text()).isEqualTo("안녕하세요");
    // The cut attempt had reported its input in message_start (output counts 1 there).
    assertThat(response.usage()).isEqualTo(new Usage(10, 3, 0, 0));
    assertThat(response.billedUsage()).isEqualTo(new Usage(20, 4, 0, 0));
  }

  @Test
  void retriesACutOpenAiStream() {
    fake.openai().reply(Reply.cutAfter("반갑", "습니"), Reply.pieces("반갑", "습니", "다"));
    var recorder = new Recorder();

    LlmResponse response = llm.stream(request("openai"), recorder, new CallControl());

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(recorder.text()).isEqualTo("반갑습니다").isEqualTo(response.text());
  }

  @Test
  void aStreamThatEndsQuietlyBeforeItsFinalEventIsRetryable() {
    var anthropic = new AnthropicStream(LlmListener.IGNORE);
    var openai = new OpenAiStream(LlmListener.IGNORE, true);

    assertThatThrownBy(() -> anthropic.finish("claude-sonnet-4-5"))
        .isInstanceOfSatisfying(AttemptFailure.class, f -> assertThat(f.retryable()).isTrue())
        .hasMessageContaining("message_stop");
    assertThatThrownBy(() -> openai.finish("gpt-4o-mini"))
        .isInstanceOfSatisfying(AttemptFailure.class, f -> assertThat(f.retryable()).isTrue())
        .hasMessageContaining("finish_reason");
  }

  @Test
  void anOverloadedErrorInsideAnAnthropicStreamIsRetryableAndAnInvalidRequestIsNot() {
    Clock clock = Clock.systemUTC();

    var overloaded = AnthropicFaults.classify(sseError("overloaded_error"), "k", Usage.NONE, clock);
    var invalid =
        AnthropicFaults.classify(sseError("invalid_request_error"), "k", Usage.NONE, clock);

    assertThat(overloaded.retryable()).isTrue();
    assertThat(overloaded.getMessage()).contains("overloaded_error");
    assertThat(invalid.retryable()).isFalse();
  }

  @Test
  void givesUpAfterTheLastAttemptAndBillsWhatWasReported() {
    fake.anthropic()
        .reply(
            Reply.cutAfter("가").usage(usage(10, 1)),
            Reply.cutAfter("가").usage(usage(10, 1)),
            Reply.cutAfter("가").usage(usage(10, 1)));

    assertThatThrownBy(() -> llm.complete(request("anthropic")))
        .isInstanceOfSatisfying(
            LlmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(LlmException.Code.PROVIDER_ERROR);
              assertThat(e.getMessage()).contains("after 3 attempts");
              assertThat(e.billedUsage()).isEqualTo(new Usage(30, 3, 0, 0));
            });
    assertThat(fake.anthropic().requests()).hasSize(3);
  }

  @Test
  void timesOutPromptlyWhenTheProviderIsSlowToAnswer() {
    fake.anthropic().reply(Reply.text("늦은 답").delay(Duration.ofSeconds(20)));
    long start = System.nanoTime();

    assertThatThrownBy(() -> llm.complete(request("anthropic", Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            LlmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(LlmException.Code.TIMEOUT);
              assertThat(e.getMessage())
                  .isEqualTo("The anthropic call did not finish within 0.3 s");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void timesOutDuringASlowStreamAndHangsUp() {
    fake.openai().reply(Reply.text("천천히 아주 천천히 말하는 모델입니다").pacing(Duration.ofMillis(100)));
    var recorder = new Recorder();

    assertThatThrownBy(
            () ->
                llm.stream(request("openai", Duration.ofMillis(400)), recorder, new CallControl()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.code()).isEqualTo(LlmException.Code.TIMEOUT));
    assertThat(recorder.deltas()).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> fake.openai().disconnects() == 1);
  }

  @Test
  void cancelStopsASlowStreamAndClosesTheConnection() throws Exception {
    fake.anthropic().reply(Reply.text("가나다라마바사아자차카타파하".repeat(5)).pacing(Duration.ofMillis(50)));
    var recorder = new Recorder();
    var control = new CallControl();
    CompletableFuture<LlmResponse> call =
        CompletableFuture.supplyAsync(
            () -> llm.stream(request("anthropic"), recorder, control), callers);

    await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.deltas().isEmpty());
    control.cancel();

    assertThat(failureOf(call, Duration.ofSeconds(3)).code())
        .isEqualTo(LlmException.Code.CANCELLED);
    await().atMost(Duration.ofSeconds(5)).until(() -> fake.anthropic().disconnects() == 1);
    assertThat(recorder.events()).noneMatch(LlmEvent.Completed.class::isInstance);
  }

  @Test
  void cancelCutsTheWaitBetweenAttemptsShort() throws Exception {
    fake.anthropic().reply(Reply.status(429).retryAfter("20"), Reply.text("오지 않을 답"));
    var control = new CallControl();
    try (var patient =
        new DefaultLlmClient(
            properties(with(fake.llmSettings(), "orchestrate.llm.retry.max-backoff", "30s")))) {
      CompletableFuture<LlmResponse> call =
          CompletableFuture.supplyAsync(
              () ->
                  patient.stream(
                      request("anthropic", Duration.ofMinutes(1)), LlmListener.IGNORE, control),
              callers);
      await().atMost(Duration.ofSeconds(10)).until(() -> fake.anthropic().requests().size() == 1);

      control.cancel();

      assertThat(failureOf(call, Duration.ofSeconds(3)).code())
          .isEqualTo(LlmException.Code.CANCELLED);
    }
    assertThat(fake.anthropic().requests()).hasSize(1);
  }

  @Test
  void backoffDoublesWithJitterHonoursRetryAfterAndRespectsTheDeadline() {
    var transientFault =
        AttemptFailure.transientFault("429", 429, Optional.empty(), Usage.NONE, null);
    var lowest =
        new ExponentialBackoff(4, Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
    var highest =
        new ExponentialBackoff(4, Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1.0);
    Duration plenty = Duration.ofMinutes(1);

    assertThat(lowest.delayBefore(2, transientFault, plenty)).contains(Duration.ofMillis(50));
    assertThat(highest.delayBefore(2, transientFault, plenty)).contains(Duration.ofMillis(100));
    assertThat(highest.delayBefore(3, transientFault, plenty)).contains(Duration.ofMillis(200));
    assertThat(highest.delayBefore(5, transientFault, plenty)).isEmpty();
    assertThat(lowest.delayBefore(2, withRetryAfter(Duration.ofMillis(700)), plenty))
        .contains(Duration.ofMillis(700));
    assertThat(lowest.delayBefore(2, withRetryAfter(Duration.ofSeconds(30)), plenty))
        .contains(Duration.ofSeconds(1));
    assertThat(
            lowest.delayBefore(2, withRetryAfter(Duration.ofMillis(700)), Duration.ofMillis(500)))
        .isEmpty();
    assertThat(
            lowest.delayBefore(2, AttemptFailure.permanent("401", 401, Usage.NONE, null), plenty))
        .isEmpty();
  }

  @Test
  void readsRetryAfterInSecondsMillisecondsAndAsADate() {
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(RetryAfter.from(headers(Map.of("retry-after", "3")), clock))
        .contains(Duration.ofSeconds(3));
    assertThat(
            RetryAfter.from(headers(Map.of("retry-after", "3", "retry-after-ms", "1500")), clock))
        .contains(Duration.ofMillis(1500));
    assertThat(
            RetryAfter.from(headers(Map.of("retry-after", "Wed, 01 Jan 2025 00:00:10 GMT")), clock))
        .contains(Duration.ofSeconds(10));
    assertThat(RetryAfter.from(headers(Map.of("retry-after", "soon")), clock)).isEmpty();
    assertThat(RetryAfter.from(headers(Map.of()), clock)).isEmpty();
  }

  private static com.anthropic.errors.SseException sseError(String type) {
    return com.anthropic.errors.SseException.builder()
        .statusCode(200)
        .headers(com.anthropic.core.http.Headers.builder().build())
        .body(
            com.anthropic.core.JsonValue.from(
                Map.of("type", "error", "error", Map.of("type", type, "message", "mid-stream"))))
        .build();
  }

  private static AttemptFailure withRetryAfter(Duration wait) {
    return AttemptFailure.transientFault("429", 429, Optional.of(wait), Usage.NONE, null);
  }

  private static java.util.function.Function<String, List<String>> headers(
      Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name)).map(List::of).orElse(List.of());
  }

  private static Duration gapBetweenAttempts(FakeProviders.Provider side) {
    var requests = side.requests();
    return Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos());
  }

  private static LlmException failureOf(CompletableFuture<?> call, Duration within)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    try {
      call.get(within.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LlmException.class);
      return (LlmException) e.getCause();
    }
  }

  private static LlmRequest request(String provider) {
    return request(provider, Duration.ofSeconds(10));
  }

  private static LlmRequest request(String provider, Duration timeout) {
    return new LlmRequest(
        provider,
        provider.equals("anthropic") ? "claude-sonnet-4-5" : "gpt-4o-mini",
        "",
        List.of(LlmMessage.user("안녕하세요")),
        Optional.empty(),
        128,
        List.of(),
        timeout,
        Optional.empty());
  }

  /** A listener as the contract asks: it drops a failed attempt's text when told it restarted. */
  private static final class Recorder implements LlmListener {
    private final List<LlmEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void onEvent(LlmEvent event) {
      events.add(event);
      switch (event) {
        case LlmEvent.TextDelta delta -> text.append(delta.text());
        case LlmEvent.AttemptRestarted restarted -> text.setLength(0);
        default -> {}
      }
    }

    synchronized String text() {
      return text.toString();
    }

    List<LlmEvent> events() {
      return List.copyOf(events);
    }

    List<String> deltas() {
      return events().stream()
          .filter(LlmEvent.TextDelta.class::isInstance)
          .map(e -> ((LlmEvent.TextDelta) e).text())
          .toList();
    }

    List<LlmEvent.AttemptRestarted> restarts() {
      return events().stream()
          .filter(LlmEvent.AttemptRestarted.class::isInstance)
          .map(LlmEvent.AttemptRestarted.class::cast)
          .toList();
    }
  }

  static Map<String, String> with(Map<String, String> settings, String name, String value) {
    Map<String, String> changed = new java.util.HashMap<>(settings);
    changed.put(name, value);
    return changed;
  }

  static LlmProperties properties(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("orchestrate.llm", LlmProperties.class);
  }
}
