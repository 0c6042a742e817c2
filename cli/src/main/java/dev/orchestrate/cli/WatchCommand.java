package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate watch <execution>}: shows an execution live, from its first event. */
@Command(name = "watch", sortOptions = false)
final class WatchCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Mixin LiveOptions live;

  @Override
  int run(Context context) throws InterruptedException {
    return live.view(context).show(Executions.get(context, execution));
  }
}
