package dev.orchestrate.mcp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server writes to stderr, and any stdout line of its that is not MCP: logged under its
 * connection's name with secret values masked, and its last lines kept, since they usually say why
 * a server that exited did so.
 */
final class ServerLog {

  private static final Logger LOG = LoggerFactory.getLogger(ServerLog.class);
  private static final int TAIL_LINES = 5;
  private static final int MAX_LINE = 500;

  /**
   * How long a server that exited must have been silent, and how long to wait at most, before its
   * last lines are taken as complete: its stderr is read on another thread, late on a busy machine.
   */
  static final java.time.Duration QUIET = java.time.Duration.ofMillis(500);

  static final java.time.Duration WAIT = java.time.Duration.ofSeconds(3);

  private final Redactor redactor;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile long lastLineAt = System.nanoTime();
  private final AtomicBoolean warnedNotMcp = new AtomicBoolean();

  ServerLog(Redactor redactor) {
    this.redactor = redactor;
  }

  void stderr(String connection, String line) {
    String safe = redactor.redact(line);
    LOG.info("MCP server '{}': {}", connection, safe);
    keep(safe);
  }

  /**
   * A stdout line that is not a JSON-RPC message, which the transport skipped: a warning the first
   * time, since the server breaks the stdio transport's rule (stdout is for MCP messages; logs go
   * to stderr), then like stderr.
   */
  void notMcp(String connection, String line) {
    String safe = redactor.redact(line);
    String shown =
        safe.length() > MAX_LINE
            ? safe.substring(0, MAX_LINE) + "… (" + safe.length() + " characters)"
            : safe;
    if (warnedNotMcp.compareAndSet(false, true)) {
      LOG.warn(
          "MCP server '{}' wrote a line to stdout that is not JSON-RPC; it is skipped, as are any"
              + " later ones (logged at info): {}",
          connection,
          shown);
    } else {
      LOG.info("MCP server '{}' (stdout, not JSON-RPC): {}", connection, shown);
    }
    keep(safe);
  }

  private void keep(String safe) {
    lastLineAt = System.nanoTime();
    synchronized (tail) {
      if (!safe.isBlank()) {
        tail.addLast(safe.length() > MAX_LINE ? safe.substring(0, MAX_LINE) + "…" : safe);
      }
      while (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
  }

  void warn(String connection, String message) {
    LOG.warn("MCP server '{}': {}", connection, redactor.redact(message));
  }

  /**
   * Waits a moment for the last lines of a server that just exited, which its stderr reader may
   * still be delivering: until none came for {@code quiet}, at most {@code limit}.
   */
  void settle(java.time.Duration quiet, java.time.Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end && System.nanoTime() - lastLineAt < quiet.toNanos()) {
      try {
        Thread.sleep(quiet.toMillis() / 4 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The last lines it wrote, joined; empty if it wrote none. */
  String tail() {
    synchronized (tail) {
      return String.join(" / ", tail);
    }
  }
}
