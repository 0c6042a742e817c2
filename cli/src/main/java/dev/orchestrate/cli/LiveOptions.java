package dev.orchestrate.cli;

import picocli.CommandLine.Option;

/** How a command that shows an execution live follows it: shared by run, watch and retry. */
final class LiveOptions {

  @Option(
      names = {"-f", "--follow"},
      descriptionKey = "option.follow")
  boolean follow;

  @Option(names = "--no-wait", descriptionKey = "option.no_wait")
  boolean noWait;

  LiveRun view(Context context) {
    return new LiveRun(context, follow, !noWait);
  }
}
