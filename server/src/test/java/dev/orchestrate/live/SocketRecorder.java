package dev.orchestrate.live;

import dev.orchestrate.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client ({@code java.net.http}) that records every whole text message the server
 * sends and how the socket ended. A stalled recorder stops reading after its first message, the way
 * a client on a frozen tab does, until {@link #resume()}.
 */
final class SocketRecorder implements WebSocket.Listener, AutoCloseable {

  /** What {@link #closeCode()} answers when the connection ended without a close frame. */
  static final int NO_CLOSE_FRAME = -1;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final boolean stalling;
  private volatile boolean resumed;
  private volatile WebSocket socket;
  private volatile Throwable error;

  private SocketRecorder(boolean stalling) {
    this.stalling = stalling;
  }

  /** Connects to {@code ws://localhost:port/path}; the path carries any query. */
  static SocketRecorder connect(int port, String path, String... subprotocols) {
    return new SocketRecorder(false).open(port, path, subprotocols);
  }

  /**
   * Connects a client that reads one message and then nothing more, with a small socket receive
   * buffer: on loopback Linux autotunes that buffer up to {@code net.ipv4.tcp_rmem}'s maximum (tens
   * of MB), which a test would otherwise have to fill before the server notices anything.
   */
  static SocketRecorder stalled(int port, String path, int receiveBufferBytes) {
    String property = "jdk.httpclient.receiveBufferSize";
    String before = System.getProperty(property);
    System.setProperty(property, Integer.toString(receiveBufferBytes));
    try {
      return new SocketRecorder(true).open(port, path);
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  private SocketRecorder open(int port, String path, String... subprotocols) {
    var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (subprotocols.length > 0) {
      builder.subprotocols(
          subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    builder.buildAsync(URI.create("ws://localhost:" + port + path), this).join();
    return this;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    if (!stalling || resumed || messages.isEmpty()) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable failure) {
    error = failure;
    closed.complete(NO_CLOSE_FRAME);
  }

  /** A stalled client starts reading again, as fast as it can. */
  void resume() {
    resumed = true;
    socket.request(Long.MAX_VALUE);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Drops the connection without a closing handshake, like a client losing its network. */
  void drop() {
    socket.abort();
  }

  /** Every whole text message received, in order. */
  List<String> messages() {
    return List.copyOf(messages);
  }

  /** The execution events received (messages with a {@code seq}), in order. */
  List<JsonNode> events() {
    return messages.stream().map(Api.json()::readTree).filter(m -> m.has("seq")).toList();
  }

  /** The type of the last event received, or "" before any. */
  String lastType() {
    List<JsonNode> events = events();
    return events.isEmpty() ? "" : events.getLast().path("type").asString("");
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** The close code the server sent, waiting at most 10 s for it. */
  int closeCode() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket did not close", e);
    }
  }

  /** Why the connection ended without a close frame, if it did. */
  Throwable error() {
    return error;
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
    http.shutdownNow();
  }
}
