package dev.orchestrate.support;

import static org.awaitility.Awaitility.await;

import dev.orchestrate.OrchestrateApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own, started from the test classpath, so that a test can kill it the
 * way a machine dies: SIGKILL, no shutdown hook, no lease handed back.
 */
public final class ServiceProcess implements AutoCloseable {

  /** What {@link Process#exitValue()} reports for a process ended by SIGKILL (128 + 9). */
  public static final int KILLED = 137;

  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final String instanceId;
  private final int port;
  private final Path log;
  private final Process process;

  private ServiceProcess(String instanceId, int port, Path log, Process process) {
    this.instanceId = instanceId;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Launches an instance named {@code instanceId} with these settings (property names without the
   * leading dashes); it is not ready until {@link #awaitHealthy()} returns.
   */
  public static ServiceProcess launch(
      String instanceId, Map<String, String> settings, Path logDir) {
    return launch(instanceId, settings, Map.of(), logDir);
  }

  /**
   * Like {@link #launch(String, Map, Path)}, with {@code environment} added to the process's
   * environment, for settings an operator gives as variables ({@code ORCHESTRATE_MASTER_KEY}).
   */
  public static ServiceProcess launch(
      String instanceId,
      Map<String, String> settings,
      Map<String, String> environment,
      Path logDir) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", testClassPath(), OrchestrateApplication.class.getName()));
    command.add("--server.port=" + port);
    command.add("--orchestrate.engine.instance-id=" + instanceId);
    settings.forEach((name, value) -> command.add("--" + name + "=" + value));
    try {
      Path log = Files.createTempFile(logDir, instanceId + "-", ".log");
      var builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      // Should the test JVM end first (a timeout, an interrupted build), take the child along.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new ServiceProcess(instanceId, port, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the instance answers {@code /health} with UP; fails at once if it died. */
  public ServiceProcess awaitHealthy() {
    var api = api();
    await("instance " + instanceId + " healthy")
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("instance " + instanceId + " exited:\n" + logTail());
              }
            })
        .ignoreExceptions()
        .until(() -> "UP".equals(api.get("/health", null).body().path("status").asString("")));
    return this;
  }

  /** Waits until the instance ends by itself (it refused to start); answers its exit value. */
  public int awaitExit() {
    try {
      if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("instance " + instanceId + " is still running:\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** Everything the instance wrote to standard output and error so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, then waits until the process is gone; answers its exit value. */
  public int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("instance " + instanceId + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  public String instanceId() {
    return instanceId;
  }

  public Api api() {
    return new Api(port);
  }

  /** The last lines the instance logged, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /**
   * Surefire runs tests from a manifest-only jar, so {@code java.class.path} may name just that
   * jar; it passes the real test classpath in {@code surefire.test.class.path}.
   */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String classPath =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    if (!classPath.contains(File.pathSeparator)) {
      throw new IllegalStateException("No usable test classpath: " + classPath);
    }
    return classPath;
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
