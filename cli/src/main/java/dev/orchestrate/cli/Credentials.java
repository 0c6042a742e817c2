package dev.orchestrate.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An email and a password for login and sign-up: from the options, from standard input with {@code
 * --password-stdin} (for scripts: never on the command line, where {@code ps} shows it), or asked
 * at the terminal without echo.
 */
final class Credentials {

  private final Context context;

  Credentials(Context context) {
    this.context = context;
  }

  String email(String given) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    String typed = console().readLine("%s", context.messages().get("prompt.email"));
    if (typed == null || typed.isBlank()) {
      throw usage("error.email_required");
    }
    return typed.strip();
  }

  String password(boolean fromStdin, boolean confirm) {
    if (fromStdin) {
      try {
        var reader =
            new BufferedReader(
                new InputStreamReader(context.environment().in(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
          throw usage("error.password_required");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Console console = console();
    char[] password = console.readPassword("%s", context.messages().get("prompt.password"));
    if (password == null || password.length == 0) {
      throw usage("error.password_required");
    }
    if (confirm) {
      char[] again = console.readPassword("%s", context.messages().get("prompt.password_again"));
      if (!Arrays.equals(password, again)) {
        throw usage("error.password_mismatch");
      }
    }
    return new String(password);
  }

  private Console console() {
    Console console = System.console();
    if (console == null || !context.environment().terminal()) {
      throw usage("error.no_terminal");
    }
    return console;
  }

  private CliException usage(String key) {
    return new CliException(ExitCodes.USAGE, "usage", context.messages().get(key));
  }
}
