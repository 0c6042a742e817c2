package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orchestrate watch <execution>}: shows an execution live, from its first event. */
@Command(name = "watch", sortOptions = false)
final class WatchCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Option(
      names = {"-f", "--follow"},
      descriptionKey = "option.follow")
  boolean follow;

  @Option(names = "--no-wait", descriptionKey = "option.no_wait")
  boolean noWait;

  @Override
  int run(Context context) throws InterruptedException {
    return new LiveRun(context, follow, !noWait).show(Executions.get(context, execution));
  }
}
