package dev.orchestrate.mcp;

import dev.orchestrate.llm.CallControl;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One started MCP client and what it holds: the SDK client, its child process (stdio), its private
 * folder (HOME and secret files) and its cached tool list. Calls may run concurrently; each has its
 * own deadline and may be cancelled, and a call the client gives up on is cancelled at the server
 * too. A child that exits fails the calls in flight at once instead of leaving them to time out.
 */
final class LiveClient {

  /** Most pages of tools one listing reads; a server that pages on forever is cut off. */
  private static final int MAX_TOOL_PAGES = 20;

  private final String connection;
  private final McpAsyncClient client;
  private final CancellingTransport transport;
  private final Optional<Process> process;
  private final ClientFolder folder;
  private final Redactor redactor;
  private final ServerLog log;
  private final Clock clock;
  private final Instant startedAt;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile String broken;
  private volatile CachedTools tools;

  private record CachedTools(List<McpSchema.Tool> tools, Instant fetchedAt) {}

  LiveClient(
      String connection,
      McpAsyncClient client,
      CancellingTransport transport,
      Optional<Process> process,
      ClientFolder folder,
      Redactor redactor,
      ServerLog log,
      Clock clock) {
    this.connection = connection;
    this.client = client;
    this.transport = transport;
    this.process = process;
    this.folder = folder;
    this.redactor = redactor;
    this.log = log;
    this.clock = clock;
    this.startedAt = clock.instant();
    process.ifPresent(p -> p.onExit().thenAccept(this::exited));
  }

  Instant startedAt() {
    return startedAt;
  }

  Optional<Long> pid() {
    return process.map(Process::pid);
  }

  /** Whether calls may still be sent: not closed, not failed, its child (if any) still running. */
  boolean usable() {
    return broken == null && process.map(Process::isAlive).orElse(true);
  }

  /** Why it is no longer usable, if it is not. */
  Optional<String> brokenReason() {
    if (broken != null) {
      return Optional.of(broken);
    }
    return process.filter(p -> !p.isAlive()).map(this::exitMessage);
  }

  /** Masks the secret values this client was started with. */
  Redactor redactor() {
    return redactor;
  }

  Optional<McpSchema.Implementation> serverInfo() {
    return Optional.ofNullable(client.getServerInfo());
  }

  /** The server's tools, from the cache while it is younger than {@code ttl}. */
  List<McpSchema.Tool> tools(Duration ttl, Duration timeout, CallControl control) {
    CachedTools cached = tools;
    if (cached != null && cached.fetchedAt().plus(ttl).isAfter(clock.instant())) {
      return cached.tools();
    }
    List<McpSchema.Tool> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_TOOL_PAGES; page++) {
      String from = cursor;
      McpSchema.ListToolsResult result =
          await(
              () -> from == null ? client.listTools() : client.listTools(from),
              null,
              timeout,
              control,
              "listing the tools");
      all.addAll(result.tools() == null ? List.of() : result.tools());
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    tools = new CachedTools(List.copyOf(all), clock.instant());
    return tools.tools();
  }

  /** Forgets the cached tools: the server said its list changed. */
  void toolsChanged() {
    tools = null;
  }

  McpSchema.CallToolResult call(
      String tool, Map<String, Object> arguments, Duration timeout, CallControl control) {
    var request = new McpSchema.CallToolRequest(tool, arguments);
    return await(() -> client.callTool(request), request, timeout, control, "the tool " + tool);
  }

  void ping(Duration timeout) {
    await(client::ping, null, timeout, new CallControl(), "a ping");
  }

  /**
   * Sends one request and waits for its answer, its deadline, its cancellation or the end of the
   * client, whichever comes first; a request given up on is cancelled at the server.
   */
  private <T> T await(
      Supplier<Mono<T>> request,
      Object params,
      Duration timeout,
      CallControl control,
      String what) {
    brokenReason()
        .ifPresent(
            reason -> {
              throw ClientFailure.unreachable(reason);
            });
    CompletableFuture<T> answer = new CompletableFuture<>();
    if (params != null) {
      transport.watch(params);
    }
    inFlight.add(answer);
    Disposable subscription =
        request
            .get()
            .subscribe(
                answer::complete, answer::completeExceptionally, () -> answer.complete(null));
    control.onCancel(() -> answer.completeExceptionally(ClientFailure.cancelled()));
    ClientFailure failure = null;
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      failure = ClientFailure.timeout(what, timeout);
      throw failure;
    } catch (ExecutionException e) {
      failure = SdkErrors.classify(e.getCause(), redactor);
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = ClientFailure.cancelled();
      throw failure;
    } finally {
      inFlight.remove(answer);
      boolean givenUp =
          failure != null
              && (failure.kind() == ClientFailure.Kind.TIMEOUT
                  || failure.kind() == ClientFailure.Kind.CANCELLED);
      if (givenUp) {
        subscription.dispose();
        if (params != null) {
          transport.cancel(params, failure.getMessage());
        }
      } else if (params != null) {
        transport.forget(params);
      }
    }
  }

  /** Marks it unusable; the registry starts a new client for the next call. */
  void fail(String reason) {
    if (broken == null) {
      broken = reason;
    }
    for (CompletableFuture<?> call : inFlight) {
      call.completeExceptionally(ClientFailure.unreachable(reason));
    }
  }

  /** Ends the client: its child process (and whatever that started) and its folder. */
  void close() {
    fail("the client was closed");
    try {
      client.closeGracefully().block(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      client.close();
    }
    process.ifPresent(
        p -> {
          p.descendants().forEach(ProcessHandle::destroy);
          p.destroy();
          p.onExit()
              .completeOnTimeout(p, 2, TimeUnit.SECONDS)
              .thenAccept(
                  stubborn -> {
                    stubborn.descendants().forEach(ProcessHandle::destroyForcibly);
                    stubborn.destroyForcibly();
                  });
        });
    folder.delete();
  }

  private void exited(Process p) {
    if (broken == null) {
      log.settle(ServerLog.QUIET, ServerLog.WAIT);
      String reason = exitMessage(p);
      log.warn(connection, reason);
      fail(reason);
    }
  }

  private String exitMessage(Process p) {
    String tail = log.tail();
    return "the server process exited with code "
        + p.exitValue()
        + (tail.isEmpty() ? "" : ": " + tail);
  }
}
