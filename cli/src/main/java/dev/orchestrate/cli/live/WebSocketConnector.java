package dev.orchestrate.cli.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code WS /ws/execution/{id}?after=N} over the JDK's WebSocket client. The token travels as the
 * subprotocol pair {@code bearer, <jwt>}, which the contract allows, so it never appears in a URL
 * that a proxy might log.
 */
public final class WebSocketConnector implements EventStream.Connector {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final URI socket;
  private final String token;

  /** {@code socket} is the execution's socket URL without a query. */
  public WebSocketConnector(HttpClient http, URI socket, String token) {
    this.http = http;
    this.socket = socket;
    this.token = token;
  }

  @Override
  public EventStream.Connection open(long after, Consumer<EventStream.Signal> signals)
      throws IOException {
    URI uri = URI.create(socket + "?after=" + after);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (token != null) {
      builder.subprotocols("bearer", token);
    }
    try {
      WebSocket ws =
          builder
              .buildAsync(uri, new Relay(signals))
              .get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Open(ws);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(String.valueOf(cause.getMessage()), cause);
    } catch (TimeoutException e) {
      throw new IOException("no answer from " + socket.getHost() + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private record Open(WebSocket ws) implements EventStream.Connection {
    @Override
    public void send(String text) {
      ws.sendText(text, true);
    }

    @Override
    public void close() {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Going away regardless.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ws.abort();
      }
    }
  }

  /** Hands whole text messages and the socket's fate to the follower, one message at a time. */
  private static final class Relay implements WebSocket.Listener {
    private final Consumer<EventStream.Signal> signals;
    private final StringBuilder partial = new StringBuilder();

    Relay(Consumer<EventStream.Signal> signals) {
      this.signals = signals;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        signals.accept(new EventStream.Signal.Message(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      signals.accept(new EventStream.Signal.Heard());
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      signals.accept(new EventStream.Signal.Heard());
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      signals.accept(new EventStream.Signal.Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      signals.accept(new EventStream.Signal.Broken(error));
    }
  }
}
