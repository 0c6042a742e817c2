package dev.orchestrate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code orchestrate} CLI as a separate process, as a user runs it: its own JVM, its own home
 * and config folder, standard output and error captured in files.
 *
 * <p>Which CLI: after {@code package} (as in {@code mvn verify}) the server's test classpath holds
 * the CLI's jar, and the runnable shaded jar beside it is what users run, so that one runs; under
 * {@code mvn test} only the compiled classes exist, and they run with their two libraries.
 */
public final class CliProcess {

  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final Path home;
  private final Map<String, String> variables;

  public CliProcess(Path home, Map<String, String> variables) {
    this.home = home;
    this.variables = variables;
  }

  Path home() {
    return home;
  }

  Path configFile() {
    return home.resolve(".config/orchestrate/config.json");
  }

  /** Runs to the end (within {@link #PATIENCE}) and answers what it said and its exit code. */
  public Result run(String... args) {
    return start(args).await();
  }

  /** Starts it and returns at once. */
  public Running start(String... args) {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of(args));
    return launch(command);
  }

  /** Runs it under a pseudo-terminal ({@code script} from util-linux), as in a real terminal. */
  Running startInTerminal(String... args) {
    List<String> java = new ArrayList<>(javaCommand());
    java.addAll(List.of(args));
    String line = String.join(" ", java.stream().map(CliProcess::quote).toList());
    return launch(List.of("script", "-qec", line, "/dev/null"));
  }

  private Running launch(List<String> command) {
    return launch(command, Path.of("/dev/null"));
  }

  /** Like {@link #run} with a first line of standard input (a password). */
  Result runWithInput(String input, String... args) {
    try {
      Path in = Files.createTempFile(home, "stdin", ".txt");
      Files.writeString(in, input + "\n", UTF_8);
      List<String> command = new ArrayList<>(javaCommand());
      command.addAll(List.of(args));
      return launch(command, in).await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Running launch(List<String> command, Path input) {
    try {
      Path out = Files.createTempFile(home, "stdout", ".txt");
      Path err = Files.createTempFile(home, "stderr", ".txt");
      var builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(input.toFile());
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(k -> k.startsWith("LC_") || k.startsWith("ORCHESTRATE_") || k.equals("LANG"));
      env.put("HOME", home.toString());
      env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      env.put("LANG", "C.UTF-8");
      env.put("COLUMNS", "120");
      env.putAll(variables);
      return new Running(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java -jar orchestrate-cli.jar}, or {@code java -cp <classes and libraries> Main}. */
  static List<String> javaCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path cli = codeSource(Main.class);
    Path shaded = cli.resolveSibling("orchestrate-cli.jar");
    if (Files.isRegularFile(cli) && Files.isRegularFile(shaded)) {
      return List.of(java, "-XX:TieredStopAtLevel=1", "-jar", shaded.toString());
    }
    String classpath =
        String.join(
            File.pathSeparator,
            cli.toString(),
            codeSource(picocli.CommandLine.class).toString(),
            codeSource(tools.jackson.databind.ObjectMapper.class).toString(),
            codeSource(tools.jackson.core.JsonParser.class).toString(),
            codeSource(com.fasterxml.jackson.annotation.JsonProperty.class).toString());
    return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, Main.class.getName());
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /** A CLI process still running, its output so far readable. */
  public record Running(Process process, Path out, Path err) {
    public String stdout() {
      return read(out);
    }

    public String stderr() {
      return read(err);
    }

    public Result await() {
      try {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              "the CLI did not end within "
                  + PATIENCE
                  + "\nstdout:\n"
                  + stdout()
                  + "\nstderr:\n"
                  + stderr());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Result(process.exitValue(), stdout(), stderr());
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** What a finished CLI process said, and its exit code. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }
}
