package dev.orchestrate.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets another thread cancel a call in flight: cancelling closes the HTTP stream, so the provider
 * stops generating (and billing) at once.
 */
public final class CallControl {

  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
    onCancel.forEach(Runnable::run);
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Runs {@code action} on cancellation, at once if already cancelled. */
  public void onCancel(Runnable action) {
    onCancel.add(action);
    if (cancelled) {
      action.run();
    }
  }
}
