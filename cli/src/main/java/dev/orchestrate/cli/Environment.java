package dev.orchestrate.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What the CLI gets from the process it runs in: variables, streams, whether standard output is a
 * terminal, and its width. Tests build one of their own.
 */
public record Environment(
    Map<String, String> variables,
    InputStream in,
    PrintStream out,
    PrintStream err,
    boolean terminal,
    int columns,
    Clock clock) {

  /**
   * The real process. Output is UTF-8 whatever the locale says ({@code LANG=C} would otherwise turn
   * every Hangul syllable into {@code ?}); the launcher tells whether standard output is a terminal
   * ({@code -Dorchestrate.tty}) because only the shell can know it exactly.
   */
  public static Environment system() {
    Map<String, String> env = System.getenv();
    var out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    var err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    boolean terminal =
        isTerminal() && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    return new Environment(env, System.in, out, err, terminal, columns(env), Clock.systemUTC());
  }

  private static boolean isTerminal() {
    String told = System.getProperty("orchestrate.tty");
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Since JDK 22 System.console() exists even when redirected; isTerminal() says which.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console exists only for a terminal
    }
  }

  private static int columns(Map<String, String> env) {
    try {
      return Integer.parseInt(env.getOrDefault("COLUMNS", "80").strip());
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
