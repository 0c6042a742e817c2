package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.llm.CallControl;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call the client gives up on is cancelled at the server: against a server (scripted at the
 * transport, the SDK's boundary) that answers the handshake and never answers a tool call.
 */
class LiveClientTest {

  private final SilentServer server = new SilentServer();
  private LiveClient client;

  @BeforeEach
  void start() {
    var transport = new CancellingTransport(server);
    McpAsyncClient sdk = McpClient.async(transport).requestTimeout(Duration.ofMinutes(5)).build();
    sdk.initialize().block(Duration.ofSeconds(5));
    client =
        new LiveClient(
            "silent",
            sdk,
            transport,
            Optional.empty(),
            ClientFolder.create(),
            Redactor.NONE,
            new ServerLog(Redactor.NONE),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aCallThatTimesOutIsCancelledAtTheServerWithItsRequestId() {
    assertThatThrownBy(
            () -> client.call("sleep", Map.of(), Duration.ofMillis(200), new CallControl()))
        .isInstanceOfSatisfying(
            ClientFailure.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ClientFailure.Kind.TIMEOUT);
              assertThat(e.isTransient()).isTrue();
            });
    assertThat(server.cancelledIds()).containsExactly(server.toolCallIds().getFirst());
  }

  @Test
  void cancellingTheCallersControlAbandonsTheCallAndCancelsItAtTheServer() {
    var control = new CallControl();
    Thread.ofVirtual()
        .start(
            () -> {
              await().atMost(Duration.ofSeconds(5)).until(() -> !server.toolCallIds().isEmpty());
              control.cancel();
            });
    assertThatThrownBy(() -> client.call("sleep", Map.of(), Duration.ofMinutes(5), control))
        .isInstanceOfSatisfying(
            ClientFailure.class, e -> assertThat(e.kind()).isEqualTo(ClientFailure.Kind.CANCELLED));
    assertThat(server.cancelledIds()).containsExactlyElementsOf(server.toolCallIds());
    assertThat(client.usable()).isTrue();
  }

  /** Answers initialize; records tool calls and cancellations; never answers a tool call. */
  private static final class SilentServer implements McpClientTransport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<Object> toolCalls = new CopyOnWriteArrayList<>();
    private final List<Object> cancelled = new CopyOnWriteArrayList<>();
    private Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler;

    List<Object> toolCallIds() {
      return toolCalls;
    }

    List<Object> cancelledIds() {
      return cancelled;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
      this.handler = handler;
      return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      if (message instanceof McpSchema.JSONRPCRequest request) {
        switch (request.method()) {
          case "initialize" ->
              handler
                  .apply(
                      Mono.just(
                          McpSchema.JSONRPCResponse.result(
                              request.id(),
                              Map.of(
                                  "protocolVersion",
                                  "2025-11-25",
                                  "capabilities",
                                  Map.of("tools", Map.of()),
                                  "serverInfo",
                                  Map.of("name", "silent", "version", "1")))))
                  .subscribe();
          case "tools/call" -> toolCalls.add(request.id());
          default -> {}
        }
      } else if (message instanceof McpSchema.JSONRPCNotification notification
          && notification.method().equals("notifications/cancelled")) {
        cancelled.add(((Map<?, ?>) notification.params()).get("requestId"));
      }
      return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return JSON.convertValue(data, JSON.getTypeFactory().constructType(typeRef.getType()));
    }
  }
}
