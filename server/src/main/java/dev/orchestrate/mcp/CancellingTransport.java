package dev.orchestrate.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Wraps a transport to learn the JSON-RPC id the SDK gives a request, so that a call given up on
 * (timed out, its execution cancelled) can be cancelled at the server with MCP's {@code
 * notifications/cancelled}: the SDK itself only stops waiting. Requests are recognised by their
 * params object, which the SDK sends as it was given.
 */
final class CancellingTransport implements McpClientTransport {

  private final McpClientTransport delegate;
  private final Map<Object, Object> idsByParams =
      Collections.synchronizedMap(new IdentityHashMap<>());

  CancellingTransport(McpClientTransport delegate) {
    this.delegate = delegate;
  }

  McpClientTransport delegate() {
    return delegate;
  }

  /** Starts watching for the request sent with {@code params}. */
  void watch(Object params) {
    idsByParams.put(params, Optional.empty());
  }

  void forget(Object params) {
    idsByParams.remove(params);
  }

  /** Tells the server to stop the request sent with {@code params}, if it was sent. */
  void cancel(Object params, String reason) {
    Object id = idsByParams.remove(params);
    if (id != null && !(id instanceof Optional<?>)) {
      delegate
          .sendMessage(
              new McpSchema.JSONRPCNotification(
                  "notifications/cancelled", Map.of("requestId", id, "reason", reason)))
          .onErrorComplete()
          .subscribe();
    }
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request && request.params() != null) {
      idsByParams.computeIfPresent(request.params(), (params, old) -> request.id());
    }
    return delegate.sendMessage(message);
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return delegate.connect(handler);
  }

  @Override
  public java.util.List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return delegate.unmarshalFrom(data, typeRef);
  }
}
