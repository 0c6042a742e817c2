package dev.orchestrate.live;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A WebSocket as a sink, one message at a time: a client that takes longer than {@code
 * send-time-limit} to take a message counts as too slow and is closed (4008) instead of slowing
 * anyone else; it reconnects with {@code after}.
 *
 * <p>Messages go out through the container's asynchronous send and this class does the waiting, so
 * that giving up on a client leaves the connection intact: the 4008 close frame then queues behind
 * the message in flight and reaches the client as soon as it reads again (within {@code
 * close-grace}). Tomcat's own blocking-send timeout would instead drop the connection without a
 * close frame (the client sees 1006 and cannot tell why).
 */
final class SocketSink implements Sink {

  /**
   * Tomcat's bounds on a blocking send (here: pings) and on sending a close frame other than 1000
   * (by default 50 ms, far too short to wait behind a message in flight).
   */
  private static final List<String> TOMCAT_SEND_TIMEOUTS =
      List.of(
          "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT",
          "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT");

  private final WebSocketSession session;
  private final RemoteEndpoint.Async remote;
  private final long sendTimeLimitMillis;
  private final ReentrantLock sending = new ReentrantLock();
  private volatile boolean tooSlow;

  SocketSink(WebSocketSession session, LiveProperties properties) {
    this.session = session;
    this.sendTimeLimitMillis = properties.sendTimeLimit().toMillis();
    Session nativeSession =
        session instanceof StandardWebSocketSession standard
            ? standard.getNativeSession(Session.class)
            : null;
    if (nativeSession != null) {
      Long grace = properties.closeGrace().toMillis();
      TOMCAT_SEND_TIMEOUTS.forEach(name -> nativeSession.getUserProperties().put(name, grace));
      this.remote = nativeSession.getAsyncRemote();
    } else {
      this.remote = null;
    }
  }

  @Override
  public void send(StoredEvent event) throws IOException {
    sendText(event.json());
  }

  /**
   * Sends one message, waiting at most {@code send-time-limit} for the client to take it (and for
   * the message before it); throws {@link ExecutionSubscription.SlowConsumerException} if it does
   * not, after which this sink sends nothing more and should be closed with 4008.
   */
  void sendText(String text) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeLimitMillis);
    acquire();
    try {
      if (tooSlow) {
        throw new ExecutionSubscription.SlowConsumerException("the client stopped reading");
      }
      if (remote == null) {
        session.sendMessage(new TextMessage(text));
        return;
      }
      Future<Void> sent = remote.sendText(text);
      long left = Math.max(0, deadline - System.nanoTime());
      sent.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Still in flight: the connection stays up so that the close frame can follow it.
      tooSlow = true;
      throw new ExecutionSubscription.SlowConsumerException(
          "the client took no message for " + sendTimeLimitMillis + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending", e);
    } finally {
      sending.unlock();
    }
  }

  private void acquire() throws IOException {
    try {
      if (!sending.tryLock(sendTimeLimitMillis, TimeUnit.MILLISECONDS)) {
        throw new ExecutionSubscription.SlowConsumerException(
            "the message before is still in flight");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to send", e);
    }
  }

  /** A server ping, skipped while a message is in flight: that message shows the client's pace. */
  void ping() throws IOException {
    if (tooSlow || !sending.tryLock()) {
      return;
    }
    try {
      if (remote != null) {
        remote.sendPing(ByteBuffer.allocate(0));
      } else {
        session.sendMessage(new org.springframework.web.socket.PingMessage());
      }
    } finally {
      sending.unlock();
    }
  }

  /** Closes; behind a message in flight this waits up to {@code close-grace}, so not on a pool. */
  @Override
  public void close(int code, String reason) {
    try {
      session.close(new CloseStatus(code, reason));
    } catch (IOException | RuntimeException e) {
      // Already gone.
    }
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }
}
