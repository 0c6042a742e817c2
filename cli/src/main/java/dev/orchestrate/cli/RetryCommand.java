package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate retry <execution>}: runs a failed execution again from its failed step. */
@Command(name = "retry", sortOptions = false)
final class RetryCommand extends Action {

  @Parameters(index = "0", paramLabel = "EXECUTION", descriptionKey = "param.execution")
  String execution;

  @Mixin LiveOptions live;

  @Override
  int run(Context context) throws InterruptedException {
    Executions.get(context, execution);
    context.api().post("/orchestrate/executions/" + execution + "/retry", null);
    return live.view(context).show(Executions.get(context, execution));
  }
}
