package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate admin}: the deployment's own administration, for the users the server lists in
 * {@code ORCHESTRATE_ADMIN_EMAILS}.
 */
@Command(name = "admin", subcommands = AdminCommand.Vault.class)
final class AdminCommand implements Runnable {

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

  /** {@code orchestrate admin vault}: the master keys that protect every workspace's secrets. */
  @Command(
      name = "vault",
      subcommands = {VaultStatusCommand.class, VaultRewrapCommand.class, VaultRetireCommand.class})
  static final class Vault implements Runnable {

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
}
