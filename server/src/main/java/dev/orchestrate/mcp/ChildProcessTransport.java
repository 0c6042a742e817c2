package dev.orchestrate.mcp;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * MCP over a child process's stdin and stdout, one JSON-RPC message a line, as the SDK's {@code
 * StdioClientTransport} (2.1.0) does it, with three differences. The child starts in the servers
 * folder with exactly the environment it is given (the SDK starts from the service's whole
 * environment plus its HOME, LOGNAME, PATH, SHELL, TERM and USER). A stdout line that is not a
 * JSON-RPC message goes to the server's log and reading goes on: the SDK stops reading for good at
 * such a line while the child runs on, so every call waited for its timeout, and a server that
 * prints a stray log line to stdout is a common bug. And stderr is read to its end, not only until
 * stdout ends, so that the last words of a server that exits reach its log.
 */
final class ChildProcessTransport implements McpClientTransport {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcessTransport.class);

  /** The SDK's bound on one inbound message: a longer line (or one never ended) ends reading. */
  private static final int MAX_LINE = 16 * 1024 * 1024;

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final McpJsonMapper json;
  private final String connection;
  private final ServerLog log;
  private final Sinks.Many<JSONRPCMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();
  private final BlockingQueue<JSONRPCMessage> outbound = new LinkedBlockingQueue<>();
  private volatile Process process;
  private volatile Thread writer;
  private volatile boolean closing;

  private ChildProcessTransport(
      List<String> command,
      Map<String, String> environment,
      Path workingDirectory,
      McpJsonMapper json,
      String connection,
      ServerLog log) {
    this.command = command;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.json = json;
    this.connection = connection;
    this.log = log;
  }

  /** A transport that will start {@code command args} when the client connects. */
  static ChildProcessTransport of(
      String command,
      List<String> args,
      Map<String, String> environment,
      Path workingDirectory,
      McpJsonMapper json,
      String connection,
      ServerLog log) {
    List<String> line = new ArrayList<>();
    line.add(command);
    line.addAll(args);
    return new ChildProcessTransport(
        List.copyOf(line), Map.copyOf(environment), workingDirectory, json, connection, log);
  }

  /**
   * The child once started: the registry watches it to notice a crash at once (the transport only
   * sees its stdout end, and the calls in flight would wait until they time out) and to report it.
   */
  Optional<Process> process() {
    return Optional.ofNullable(process);
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return Mono.<Void>fromRunnable(
            () -> {
              inbound
                  .asFlux()
                  .flatMap(message -> Mono.just(message).transform(handler))
                  .subscribe();
              ProcessBuilder builder = new ProcessBuilder(command);
              builder.environment().clear();
              builder.environment().putAll(environment);
              builder.directory(workingDirectory.toFile());
              Process child;
              try {
                child = builder.start();
              } catch (IOException e) {
                throw new RuntimeException("Failed to start process with command: " + command, e);
              }
              process = child;
              writer = thread("stdin", () -> writeStdin(child));
              thread("stdout", () -> readStdout(child));
              thread("stderr", () -> readStderr(child));
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Queues a message for the child's stdin; written in order on a thread of its own. */
  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    if (closing) {
      return Mono.error(new IOException("the server's stdio is closed"));
    }
    outbound.add(message);
    return Mono.empty();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.<Void>fromRunnable(
            () -> {
              closing = true;
              inbound.tryEmitComplete();
            })
        // As the SDK does: a moment for the messages already read to be handled.
        .then(Mono.delay(Duration.ofMillis(100)))
        .then(
            Mono.defer(
                () -> {
                  Process child = process;
                  if (child == null) {
                    return Mono.<Process>empty();
                  }
                  child.destroy();
                  return Mono.fromFuture(child.onExit());
                }))
        .doOnNext(child -> LOG.debug("MCP server '{}' exited: {}", connection, child.exitValue()))
        // The readers end with the child's pipes; the writer waits for a message.
        .then(Mono.fromRunnable(this::stopWriter))
        .then()
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }

  private void readStdout(Process child) {
    try (var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (!closing && (line = readLine(reader)) != null) {
        Optional<JSONRPCMessage> message = parse(line);
        if (message.isEmpty()) {
          if (!line.isBlank()) {
            log.notMcp(connection, line);
          }
        } else if (!inbound.tryEmitNext(message.get()).isSuccess()) {
          if (!closing) {
            log.warn(connection, "a message it sent could not be handed to the client");
          }
          break;
        }
      }
    } catch (IOException e) {
      if (!closing) {
        log.warn(connection, "reading its stdout failed: " + e.getMessage());
      }
    } finally {
      closing = true;
      inbound.tryEmitComplete();
      stopWriter();
    }
  }

  private Optional<JSONRPCMessage> parse(String line) {
    try {
      return Optional.of(McpSchema.deserializeJsonRpcMessage(json, line));
    } catch (IOException | RuntimeException notJsonRpc) {
      return Optional.empty();
    }
  }

  private void readStderr(Process child) {
    try (var reader = new BufferedReader(new InputStreamReader(child.getErrorStream(), UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.stderr(connection, line);
      }
    } catch (IOException e) {
      if (!closing) {
        log.warn(connection, "reading its stderr failed: " + e.getMessage());
      }
    }
  }

  private void writeStdin(Process child) {
    OutputStream stdin = child.getOutputStream();
    try {
      while (!closing) {
        JSONRPCMessage message = outbound.take();
        if (closing) {
          return;
        }
        // Jackson writes a message on one line: line breaks within strings are escaped.
        stdin.write((json.writeValueAsString(message) + "\n").getBytes(UTF_8));
        stdin.flush();
      }
    } catch (InterruptedException e) {
      // Closed.
    } catch (IOException e) {
      if (!closing) {
        closing = true;
        log.warn(connection, "writing to its stdin failed: " + e.getMessage());
      }
    }
  }

  private void stopWriter() {
    Thread stdin = writer;
    if (stdin != null) {
      stdin.interrupt();
    }
  }

  private Thread thread(String stream, Runnable body) {
    return Thread.ofPlatform().daemon().name("mcp-" + stream + "-" + connection).start(body);
  }

  /**
   * One line, as {@link BufferedReader#readLine()} reads it (ended by LF, CR or CR LF), but never
   * longer than {@link #MAX_LINE}: a server cannot make the service buffer without bound.
   */
  static String readLine(BufferedReader reader) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        return line.toString();
      }
      if (c == '\r') {
        reader.mark(1);
        int next = reader.read();
        if (next != '\n' && next != -1) {
          reader.reset();
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("a line exceeds " + MAX_LINE + " characters");
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }
}
