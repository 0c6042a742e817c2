package dev.orchestrate.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a live client for a server definition whose secrets are already read: a child process in
 * the servers folder with only the environment it declares, or a Streamable HTTP session to a URL
 * the network policy allows. Checks the allow-list and the network again at start, since the
 * deployment's settings may have changed since the connection was saved.
 */
@Component
class ClientLauncher {

  /**
   * The SDK's own per-request deadline; every request has a shorter one of its own here, so this
   * only bounds a request that somehow escaped it.
   */
  private static final Duration SDK_REQUEST_TIMEOUT = Duration.ofHours(6);

  private static final Duration EXIT_CHECK = Duration.ofMillis(100);

  private static final McpSchema.Implementation CLIENT =
      new McpSchema.Implementation("orchestrate", "1.0");

  private final McpProperties properties;
  private final StdioAllowList allowList;
  private final NetworkPolicy network;
  private final ChildEnvironment environment = ChildEnvironment.forThisHost();
  private final McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
  private final Clock clock;

  ClientLauncher(McpProperties properties, Clock clock) {
    this.properties = properties;
    this.allowList = StdioAllowList.of(properties);
    this.network = new NetworkPolicy(properties.allowPrivateNetworks());
    this.clock = clock;
  }

  StdioAllowList allowList() {
    return allowList;
  }

  NetworkPolicy network() {
    return network;
  }

  /**
   * Starts and initializes a client.
   *
   * @param secrets the values of the secrets the definition names, by name
   * @throws ClientFailure when the server cannot be started or reached, or policy forbids it
   */
  LiveClient start(String connection, ServerSpec spec, Map<String, String> secrets) {
    Redactor redactor = Redactor.of(secrets.values());
    ServerLog log = new ServerLog(redactor);
    ClientFolder folder = ClientFolder.create();
    Values values = new Values(spec, secrets, folder);
    ChildProcessTransport child = null;
    McpAsyncClient client = null;
    try {
      McpClientTransport transport;
      if (spec.transport() == ServerSpec.Transport.STDIO) {
        child = stdio(connection, spec, values, folder, log);
        transport = child;
      } else {
        transport = http(spec, values);
      }
      var cancelling = new CancellingTransport(transport);
      AtomicReference<LiveClient> started = new AtomicReference<>();
      client =
          McpClient.async(cancelling)
              .clientInfo(CLIENT)
              .requestTimeout(SDK_REQUEST_TIMEOUT)
              .initializationTimeout(properties.connectTimeout())
              .toolsChangeConsumer(
                  tools -> {
                    Optional.ofNullable(started.get()).ifPresent(LiveClient::toolsChanged);
                    return Mono.empty();
                  })
              .build();
      initialize(client, child, log, redactor);
      Optional<Process> process = child == null ? Optional.empty() : child.process();
      LiveClient live =
          new LiveClient(connection, client, cancelling, process, folder, redactor, log, clock);
      started.set(live);
      return live;
    } catch (RuntimeException e) {
      abandon(client, child, folder);
      throw e instanceof ClientFailure failure ? failure : SdkErrors.classify(e, redactor);
    }
  }

  private ChildProcessTransport stdio(
      String connection, ServerSpec spec, Values values, ClientFolder folder, ServerLog log) {
    if (!allowList.allows(spec.command(), spec.args())) {
      throw ClientFailure.refused(
          "the command line is not on this deployment's stdio allow-list"
              + " (ORCHESTRATE_MCP_STDIO_ALLOW)");
    }
    Map<String, String> env = environment.build(values.env(), folder.home());
    return ChildProcessTransport.of(
        spec.command(), spec.args(), env, serversFolder(), json, connection, log);
  }

  private McpClientTransport http(ServerSpec spec, Values values) {
    URI uri;
    try {
      uri = URI.create(values.url());
    } catch (IllegalArgumentException e) {
      throw ClientFailure.refused("the URL is not valid");
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw ClientFailure.refused("the URL must be http:// or https:// with a host");
    }
    network
        .refusalAtConnect(uri.getHost())
        .ifPresent(
            refusal -> {
              throw ClientFailure.refused(refusal);
            });
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String endpoint =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Map<String, String> headers = values.headers();
    return HttpClientStreamableHttpTransport.builder(base)
        .endpoint(endpoint)
        .jsonMapper(json)
        .connectTimeout(properties.connectTimeout())
        .httpRequestCustomizer(
            (request, method, target, body, context) -> headers.forEach(request::setHeader))
        .build();
  }

  private void initialize(
      McpAsyncClient client, ChildProcessTransport child, ServerLog log, Redactor redactor) {
    Duration timeout = properties.connectTimeout();
    var handshake = client.initialize().toFuture();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        // The SDK does not notice a child that exits before answering: look now and then.
        handshake.get(EXIT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        boolean exited = child != null && child.process().map(p -> !p.isAlive()).orElse(false);
        if (exited || System.nanoTime() > deadline) {
          handshake.cancel(true);
          throw exitedOr(child, log, ClientFailure.timeout("the server's start", timeout));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ClientFailure.cancelled();
      } catch (java.util.concurrent.ExecutionException e) {
        throw exitedOr(child, log, SdkErrors.classify(e.getCause(), redactor));
      }
    }
  }

  /** A child that exited while starting says why on stderr: that beats any SDK message. */
  private static ClientFailure exitedOr(
      ChildProcessTransport child, ServerLog log, ClientFailure otherwise) {
    Optional<Process> process = child == null ? Optional.empty() : child.process();
    if (process.isPresent()) {
      try {
        Process p = process.get().onExit().get(500, TimeUnit.MILLISECONDS);
        log.settle(ServerLog.QUIET, ServerLog.WAIT);
        String tail = log.tail();
        return ClientFailure.unreachable(
            "the server process exited with code "
                + p.exitValue()
                + (tail.isEmpty() ? "" : ": " + tail));
      } catch (Exception stillRunning) {
        // Not exited: the other failure stands.
      }
    }
    if (child != null && !log.tail().isEmpty()) {
      return new ClientFailure(
          otherwise.kind(),
          otherwise.getMessage() + " (" + log.tail() + ")",
          otherwise.isTransient());
    }
    return otherwise;
  }

  private void abandon(McpAsyncClient client, ChildProcessTransport child, ClientFolder folder) {
    if (client != null) {
      client.close();
    }
    if (child != null) {
      child
          .process()
          .ifPresent(
              p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
              });
    }
    folder.delete();
  }

  private Path serversFolder() {
    Path folder = properties.servers();
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
