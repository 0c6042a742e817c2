package dev.orchestrate.live;

import java.io.IOException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * A WebSocket as a sink, with a bounded send buffer: a client that cannot keep up is closed (4008)
 * instead of slowing anyone else, and reconnects with {@code after}.
 */
final class SocketSink implements Sink {

  private final WebSocketSession raw;
  private final ConcurrentWebSocketSessionDecorator session;

  /**
   * Tomcat fails a send blocked this long, instead of waiting for a client that stopped reading.
   */
  private static final String BLOCKING_SEND_TIMEOUT =
      "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  SocketSink(WebSocketSession raw, LiveProperties properties) {
    this.raw = raw;
    if (raw
        instanceof
        org.springframework.web.socket.adapter.standard.StandardWebSocketSession standard) {
      var nativeSession = standard.getNativeSession(jakarta.websocket.Session.class);
      if (nativeSession != null) {
        nativeSession
            .getUserProperties()
            .put(BLOCKING_SEND_TIMEOUT, properties.sendTimeLimit().toMillis());
      }
    }
    this.session =
        new ConcurrentWebSocketSessionDecorator(
            raw,
            (int) properties.sendTimeLimit().toMillis(),
            properties.sendBufferBytes(),
            ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
  }

  @Override
  public void send(StoredEvent event) throws IOException {
    sendText(event.json());
  }

  void sendText(String text) throws IOException {
    try {
      session.sendMessage(new TextMessage(text));
    } catch (SessionLimitExceededException e) {
      throw new ExecutionSubscription.SlowConsumerException(e.getMessage());
    } catch (IOException e) {
      // A send that timed out: the client stopped reading (or vanished).
      throw new ExecutionSubscription.SlowConsumerException(e.getMessage());
    }
  }

  void ping() throws IOException {
    session.sendMessage(new org.springframework.web.socket.PingMessage());
  }

  @Override
  public void close(int code, String reason) {
    try {
      raw.close(new CloseStatus(code, reason));
    } catch (IOException | RuntimeException e) {
      // Already gone.
    }
  }

  @Override
  public boolean isOpen() {
    return raw.isOpen();
  }
}
