package dev.orchestrate.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in model that never touches the network and costs nothing: streams {@link SimulatedText}
 * a token or so at a time, at a model's pace, and says in its model name and its first line that it
 * is simulated.
 */
final class SimulatedAdapter implements ProviderAdapter {

  static final String MODEL_PREFIX = "simulated:";

  private final Duration tokenDelay;

  SimulatedAdapter(Duration tokenDelay) {
    this.tokenDelay = tokenDelay;
  }

  @Override
  public String provider() {
    return "simulated";
  }

  @Override
  public LlmResponse attempt(LlmRequest request, LlmListener listener, CallControl control)
      throws AttemptFailure {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    control.onCancel(() -> cancelled.complete(null));
    Random pace = new Random(SimulatedText.seed(request));
    StringBuilder sent = new StringBuilder();
    String stopReason = "end_turn";
    for (String token : tokens(SimulatedText.answer(request), pace)) {
      if (TokenEstimate.of(sent + token) > request.maxTokens()) {
        stopReason = "max_tokens";
        break;
      }
      if (!sent.isEmpty()) {
        waitBetweenTokens(cancelled, pace);
      }
      sent.append(token);
      listener.onEvent(new LlmEvent.TextDelta(token));
    }
    Usage usage =
        new Usage(
            TokenEstimate.of(SimulatedText.prompt(request)),
            TokenEstimate.of(sent.toString()),
            0,
            0);
    listener.onEvent(new LlmEvent.UsageReported(usage));
    return new LlmResponse(
        MODEL_PREFIX + request.model(), sent.toString(), List.of(), usage, usage, stopReason, 1);
  }

  /** Pieces of one to three characters, about what a tokenizer makes of Korean. */
  private static List<String> tokens(String text, Random random) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int length = Math.min(text.codePointCount(i, text.length()), 1 + random.nextInt(3));
      int end = text.offsetByCodePoints(i, length);
      tokens.add(text.substring(i, end));
      i = end;
    }
    return tokens;
  }

  /** Waits about one token's time (±50%), stopping at once when the call is cancelled. */
  private void waitBetweenTokens(CompletableFuture<Void> cancelled, Random pace)
      throws AttemptFailure {
    long nanos = Math.round(tokenDelay.toNanos() * (0.5 + pace.nextDouble()));
    try {
      if (nanos > 0) {
        cancelled.get(nanos, TimeUnit.NANOSECONDS);
      }
      if (cancelled.isDone()) {
        throw stopped();
      }
    } catch (TimeoutException e) {
      // A token's time passed: go on.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stopped();
    } catch (ExecutionException e) {
      throw stopped();
    }
  }

  private static AttemptFailure stopped() {
    return AttemptFailure.permanent("The simulated answer was stopped", 0, Usage.NONE, null);
  }
}
