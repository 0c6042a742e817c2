package dev.orchestrate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code orchestrate admin}, {@code orchestrate admin vault}):
 * run on its own, it shows its usage, which lists what it groups.
 */
abstract class CommandGroup implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      descriptionKey = "help")
  boolean help;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
