package dev.orchestrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A command that does something: it gets the context its options describe. */
abstract class Action implements Callable<Integer> {

  @ParentCommand OrchestrateCommand root;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      descriptionKey = "help")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    return run(root.context());
  }

  abstract int run(Context context) throws Exception;
}
