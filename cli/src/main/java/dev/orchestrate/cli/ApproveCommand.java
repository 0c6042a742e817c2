package dev.orchestrate.cli;

import picocli.CommandLine.Command;

/** {@code orchestrate approve <execution> [node]}. */
@Command(name = "approve", sortOptions = false)
final class ApproveCommand extends DecisionCommand {
  @Override
  String decision() {
    return "approve";
  }
}
