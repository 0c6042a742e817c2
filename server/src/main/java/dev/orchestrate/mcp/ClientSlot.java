package dev.orchestrate.mcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The place of one client in the registry: starts it for the first user (later users wait for that
 * start rather than start their own), starts it again when it broke, counts who is using it, and
 * closes it only when nobody is.
 */
final class ClientSlot {

  private final String connection;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger users = new AtomicInteger();
  private volatile LiveClient client;
  private volatile Instant lastUsed;
  private volatile Instant lastHeard;
  private volatile boolean retired;
  private volatile boolean closed;

  ClientSlot(String connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
    this.lastUsed = clock.instant();
    this.lastHeard = lastUsed;
  }

  String connection() {
    return connection;
  }

  /**
   * The running client, started first if there is none or it broke; the caller must {@link
   * #release()} it. Empty once the slot was closed (retired, idle): the caller takes a new slot.
   */
  Optional<LiveClient> acquire(Supplier<LiveClient> start) {
    lock.lock();
    try {
      if (closed) {
        return Optional.empty();
      }
      LiveClient current = client;
      if (current == null || !current.usable()) {
        if (current != null) {
          current.close();
          client = null;
        }
        current = start.get();
        client = current;
        lastHeard = clock.instant();
      }
      users.incrementAndGet();
      lastUsed = clock.instant();
      return Optional.of(current);
    } finally {
      lock.unlock();
    }
  }

  void release() {
    lastUsed = clock.instant();
    if (users.decrementAndGet() == 0 && retired) {
      closeIfUnused();
    }
  }

  boolean usable() {
    LiveClient current = client;
    return !closed && current != null && current.usable();
  }

  /** How long nobody has used it; zero while someone does. */
  Duration idleSince(Instant now) {
    return users.get() > 0 ? Duration.ZERO : Duration.between(lastUsed, now);
  }

  /** How long since it was last used or answered a ping. */
  Duration quietSince(Instant now) {
    Instant last = lastUsed.isAfter(lastHeard) ? lastUsed : lastHeard;
    return Duration.between(last, now);
  }

  /**
   * Pings an unused client; a broken one, or one that does not answer, is closed (the next call
   * starts a new one). Answers what went wrong, if anything.
   */
  Optional<String> ping(Duration timeout, Instant now) {
    LiveClient current = client;
    if (current == null || users.get() > 0) {
      return Optional.empty();
    }
    if (!current.usable()) {
      String reason = current.brokenReason().orElse("the client broke");
      closeClient(current);
      return Optional.of(reason);
    }
    try {
      current.ping(timeout);
      lastHeard = now;
      return Optional.empty();
    } catch (ClientFailure failure) {
      closeClient(current);
      return Optional.of("the server did not answer a ping: " + failure.getMessage());
    }
  }

  void retire() {
    retired = true;
    closeIfUnused();
  }

  /** Closes the slot for good when nobody uses it. */
  void closeIfUnused() {
    lock.lock();
    try {
      if (users.get() == 0 && !closed) {
        closed = true;
        closeClient(client);
      }
    } finally {
      lock.unlock();
    }
  }

  void closeNow() {
    closed = true;
    closeClient(client);
  }

  boolean closedForGood() {
    return closed;
  }

  private void closeClient(LiveClient current) {
    if (current == null) {
      return;
    }
    lock.lock();
    try {
      if (client == current) {
        client = null;
      }
    } finally {
      lock.unlock();
    }
    current.close();
  }
}
