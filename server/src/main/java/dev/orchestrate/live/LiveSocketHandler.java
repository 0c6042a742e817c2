package dev.orchestrate.live;

import dev.orchestrate.auth.AuthenticatedUser;
import dev.orchestrate.auth.TokenAuthenticator;
import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /ws/execution/{id}} and {@code /ws/workspace/{id}}. The handshake is always accepted so
 * that refusals can say why with close codes: 4401 no or bad token, 4404 unknown, or not the
 * caller's to see (as REST answers 404, so an id reveals nothing), 4403 a member whose role may not
 * watch. The token comes as {@code ?token=} or as the subprotocol pair {@code bearer, <jwt>}; it is
 * never logged.
 */
@Component
class LiveSocketHandler extends TextWebSocketHandler {

  static final int UNAUTHORIZED = 4401;
  static final int FORBIDDEN = 4403;
  static final int NOT_FOUND = 4404;

  private final TokenAuthenticator tokens;
  private final WorkspaceAccess access;
  private final Tenancy tenancy;
  private final EventReader reader;
  private final LiveHub hub;
  private final LiveProperties properties;
  private final Map<String, Object> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, SocketSink> sinks = new ConcurrentHashMap<>();

  LiveSocketHandler(
      TokenAuthenticator tokens,
      WorkspaceAccess access,
      Tenancy tenancy,
      EventReader reader,
      LiveHub hub,
      LiveProperties properties) {
    this.tokens = tokens;
    this.access = access;
    this.tenancy = tenancy;
    this.reader = reader;
    this.hub = hub;
    this.properties = properties;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    URI uri = session.getUri();
    var query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
    Optional<AuthenticatedUser> user = tokens.authenticate(token(session, query.getFirst("token")));
    if (user.isEmpty()) {
      session.close(new CloseStatus(UNAUTHORIZED, "a valid token is required"));
      return;
    }
    String[] path = uri.getPath().split("/");
    UUID id;
    try {
      id = UUID.fromString(path[path.length - 1]);
    } catch (IllegalArgumentException e) {
      session.close(new CloseStatus(NOT_FOUND, "unknown"));
      return;
    }
    var sink = new SocketSink(session, properties);
    if (path[path.length - 2].equals("workspace")) {
      openWorkspace(session, user.get(), id, sink, WorkspaceCursor.parse(query.getFirst("after")));
    } else {
      openExecution(session, user.get(), id, sink, after(query.getFirst("after")));
    }
  }

  private void openExecution(
      WebSocketSession session,
      AuthenticatedUser user,
      UUID executionId,
      SocketSink sink,
      long after)
      throws Exception {
    Optional<CloseStatus> refusal =
        reader
            .workspaceOf(executionId)
            .map(workspace -> refusal(user, workspace, "execution"))
            .orElseGet(() -> Optional.of(new CloseStatus(NOT_FOUND, "unknown execution")));
    if (refusal.isPresent()) {
      session.close(refusal.get());
      return;
    }
    var subscription = new ExecutionSubscription(executionId, after, sink, reader);
    subscriptions.put(session.getId(), subscription);
    sinks.put(session.getId(), sink);
    hub.add(subscription);
  }

  private void openWorkspace(
      WebSocketSession session,
      AuthenticatedUser user,
      UUID workspaceId,
      SocketSink sink,
      Instant after)
      throws Exception {
    Optional<CloseStatus> refusal = refusal(user, workspaceId, "workspace");
    if (refusal.isPresent()) {
      session.close(refusal.get());
      return;
    }
    var subscription = new WorkspaceSubscription(workspaceId, after, sink, reader);
    subscriptions.put(session.getId(), subscription);
    sinks.put(session.getId(), sink);
    hub.add(subscription);
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
    // Any text keeps the socket alive; a ping is answered.
    if (message.getPayload().replace(" ", "").contains("\"type\":\"ping\"")) {
      SocketSink sink = sinks.get(session.getId());
      if (sink != null) {
        try {
          sink.sendText("{\"type\":\"pong\"}");
        } catch (ExecutionSubscription.SlowConsumerException e) {
          // Closing waits for the message in flight, so not on the container's thread.
          Thread.ofVirtual()
              .start(() -> sink.close(ExecutionSubscription.TOO_SLOW, "too slow: reconnect"));
        }
      }
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    sinks.remove(session.getId());
    switch (subscriptions.remove(session.getId())) {
      case ExecutionSubscription s -> hub.remove(s);
      case WorkspaceSubscription s -> hub.remove(s);
      case null, default -> {}
    }
  }

  /**
   * Server pings keep idle connections (and the proxies between) from timing out. Each on a thread
   * of its own: a ping to a client that stopped reading blocks until {@code close-grace}.
   */
  void pingAll() {
    for (SocketSink sink : sinks.values()) {
      if (sink.isOpen()) {
        Thread.ofVirtual().name("live-ping").start(() -> ping(sink));
      }
    }
  }

  private static void ping(SocketSink sink) {
    try {
      sink.ping();
    } catch (IOException | RuntimeException e) {
      // The next send will find out.
    }
  }

  /**
   * Why {@code user} may not watch the workspace, if they may not: REST's answer as a close code,
   * so a workspace the user is not a member of is as unknown as one that does not exist.
   */
  private Optional<CloseStatus> refusal(AuthenticatedUser user, UUID workspaceId, String what) {
    try {
      tenancy.inUserTransaction(user.id(), () -> access.require(workspaceId, Role.VIEWER));
      return Optional.empty();
    } catch (OrchestrateException e) {
      return Optional.of(
          e.kind() == ErrorKind.FORBIDDEN
              ? new CloseStatus(FORBIDDEN, "your role may not watch this " + what)
              : new CloseStatus(NOT_FOUND, "unknown " + what));
    }
  }

  /** {@code ?token=}, or the second of the subprotocols {@code bearer, <jwt>}. */
  private static String token(WebSocketSession session, String fromQuery) {
    if (fromQuery != null && !fromQuery.isBlank()) {
      return fromQuery;
    }
    List<String> protocols = session.getHandshakeHeaders().get("Sec-WebSocket-Protocol");
    if (protocols == null) {
      return null;
    }
    List<String> values =
        protocols.stream()
            .flatMap(p -> java.util.Arrays.stream(p.split(",")))
            .map(String::strip)
            .toList();
    int bearer = values.indexOf("bearer");
    return bearer >= 0 && bearer + 1 < values.size() ? values.get(bearer + 1) : null;
  }

  private static long after(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
