package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Language;
import dev.orchestrate.cli.text.Messages;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@code orchestrate} command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Environment environment = Environment.system();
    int code = run(args, environment);
    environment.out().flush();
    environment.err().flush();
    System.exit(code);
  }

  /** Runs one command line in the given environment and answers the exit code. */
  public static int run(String[] args, Environment environment) {
    // The help text is localized before picocli parses anything, so --lang is looked up by hand.
    Language language = Language.resolve(langFlag(args), environment.variables());
    var root = new OrchestrateCommand(environment);
    var cli = new CommandLine(root);
    cli.setResourceBundle(Messages.help(language));
    cli.setOut(new PrintWriter(environment.out(), true));
    cli.setErr(new PrintWriter(environment.err(), true));
    cli.setUsageHelpAutoWidth(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> report(e, root, environment, language));
    cli.setParameterExceptionHandler((e, given) -> usage(e, environment, language, root));
    return cli.execute(args);
  }

  private static int report(
      Exception e, OrchestrateCommand root, Environment environment, Language language) {
    CliException failure =
        e instanceof CliException cli
            ? cli
            : new CliException(
                ExitCodes.INTERNAL,
                "internal",
                Messages.of(language).get("error.internal", String.valueOf(e)));
    if (failure.exitCode() == ExitCodes.INTERNAL
        && environment.variables().containsKey("ORCHESTRATE_DEBUG")) {
      e.printStackTrace(environment.err());
    }
    if (root.json()) {
      JsonMapper json = JsonMapper.builder().build();
      ObjectNode error = json.createObjectNode();
      error.put("code", failure.code());
      error.put("exit_code", failure.exitCode());
      error.put("message", String.join("\n", failure.lines()));
      if (failure.problem() != null) {
        error.set("problem", failure.problem());
      }
      environment
          .out()
          .println(json.writeValueAsString(json.createObjectNode().set("error", error)));
      environment.out().flush();
    } else {
      environment.out().flush();
      Messages messages = Messages.of(language);
      List<String> lines = new ArrayList<>(failure.lines());
      lines.set(0, messages.get("error.prefix") + lines.get(0));
      lines.forEach(environment.err()::println);
      environment.err().flush();
    }
    return failure.exitCode();
  }

  private static int usage(
      ParameterException e, Environment environment, Language language, OrchestrateCommand root) {
    Messages messages = Messages.of(language);
    String name = e.getCommandLine().getCommandSpec().qualifiedName();
    List<String> lines = new ArrayList<>();
    lines.add(Usage.describe(e, messages));
    lines.add(messages.get("usage.see_help", name));
    return report(
        new CliException(ExitCodes.USAGE, "usage", lines, null), root, environment, language);
  }

  private static String langFlag(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--lang") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--lang=")) {
        return args[i].substring("--lang=".length());
      }
    }
    return null;
  }
}
