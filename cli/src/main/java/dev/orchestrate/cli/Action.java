package dev.orchestrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that does something: it gets the context the root command's options describe, however
 * deep it sits ({@code orchestrate admin vault status}).
 */
abstract class Action implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      descriptionKey = "help")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    return run(((OrchestrateCommand) spec.root().userObject()).context());
  }

  abstract int run(Context context) throws Exception;
}
