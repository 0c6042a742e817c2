package dev.orchestrate.cli;

import picocli.CommandLine.Command;

/** {@code orchestrate reject <execution> [node]}. */
@Command(name = "reject", sortOptions = false)
final class RejectCommand extends DecisionCommand {
  @Override
  String decision() {
    return "reject";
  }
}
