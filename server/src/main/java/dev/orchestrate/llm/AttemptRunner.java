package dev.orchestrate.llm;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt on a virtual thread and relays its events to the listener on the calling thread
 * (as {@link LlmListener} promises), until it ends, the deadline passes or the caller cancels. Then
 * it closes the attempt's stream and interrupts its thread, which also unblocks a request still
 * waiting for the provider's first byte.
 */
final class AttemptRunner {

  /** How long an aborted attempt gets to report the usage it had seen. */
  private static final Duration ABORT_GRACE = Duration.ofSeconds(1);

  private sealed interface Message {}

  private record Relayed(LlmEvent event) implements Message {}

  private record Ended(AttemptOutcome outcome) implements Message {}

  private record CancelRequested() implements Message {}

  private AttemptRunner() {}

  static AttemptOutcome run(
      ProviderAdapter adapter,
      LlmRequest request,
      LlmListener listener,
      CallControl call,
      Deadline deadline) {
    BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    CallControl attempt = new CallControl();
    Thread worker =
        Thread.ofVirtual()
            .name("llm-" + adapter.provider())
            .start(() -> inbox.add(new Ended(attempt(adapter, request, inbox, attempt))));
    call.onCancel(() -> inbox.add(new CancelRequested()));
    AttemptOutcome outcome;
    try {
      outcome = relay(inbox, listener, call, deadline);
    } catch (RuntimeException | Error e) {
      // The listener threw: do not leave the stream running behind the caller's back.
      attempt.cancel();
      worker.interrupt();
      throw e;
    }
    // Only the worker's end yields Succeeded or Failed; the other two mean it is still running.
    return switch (outcome) {
      case AttemptOutcome.TimedOut timedOut ->
          new AttemptOutcome.TimedOut(abort(worker, attempt, inbox));
      case AttemptOutcome.Cancelled cancelled ->
          new AttemptOutcome.Cancelled(abort(worker, attempt, inbox));
      case AttemptOutcome.Succeeded succeeded when call.cancelled() ->
          new AttemptOutcome.Cancelled(succeeded.usage());
      case AttemptOutcome.Failed failed when call.cancelled() ->
          new AttemptOutcome.Cancelled(failed.usage());
      default -> outcome;
    };
  }

  private static AttemptOutcome attempt(
      ProviderAdapter adapter,
      LlmRequest request,
      BlockingQueue<Message> inbox,
      CallControl control) {
    try {
      return new AttemptOutcome.Succeeded(
          adapter.attempt(request, event -> inbox.add(new Relayed(event)), control));
    } catch (AttemptFailure failure) {
      return new AttemptOutcome.Failed(failure);
    } catch (RuntimeException | LinkageError e) {
      return new AttemptOutcome.Failed(
          Faults.unexpected(adapter.provider(), e, request.apiKey().orElse(null), Usage.NONE));
    }
  }

  private static AttemptOutcome relay(
      BlockingQueue<Message> inbox, LlmListener listener, CallControl call, Deadline deadline) {
    try {
      while (true) {
        // Checked first so a fast stream cannot outrun a cancel or the deadline.
        if (call.cancelled()) {
          return new AttemptOutcome.Cancelled(Usage.NONE);
        }
        if (deadline.passed()) {
          return new AttemptOutcome.TimedOut(Usage.NONE);
        }
        Message message = inbox.poll(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        switch (message) {
          case null -> {
            return new AttemptOutcome.TimedOut(Usage.NONE);
          }
          case Relayed relayed -> listener.onEvent(relayed.event());
          case Ended ended -> {
            return ended.outcome();
          }
          case CancelRequested cancel -> {
            return new AttemptOutcome.Cancelled(Usage.NONE);
          }
        }
      }
    } catch (InterruptedException e) {
      // The caller's thread was interrupted: treat it as a cancellation, and keep the flag.
      Thread.currentThread().interrupt();
      return new AttemptOutcome.Cancelled(Usage.NONE);
    }
  }

  /** Stops the attempt and returns the usage it reports while stopping (events are dropped). */
  private static Usage abort(Thread worker, CallControl attempt, BlockingQueue<Message> inbox) {
    attempt.cancel();
    worker.interrupt();
    Deadline grace = Deadline.after(ABORT_GRACE);
    boolean interrupted = Thread.interrupted();
    try {
      while (!grace.passed()) {
        Message message = inbox.poll(grace.remaining().toNanos(), TimeUnit.NANOSECONDS);
        if (message instanceof Ended ended) {
          return ended.outcome().usage();
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return Usage.NONE;
  }
}
