package dev.orchestrate.cli;

import picocli.CommandLine.Command;

/**
 * {@code orchestrate admin}: the deployment's own administration, for the users the server lists in
 * {@code ORCHESTRATE_ADMIN_EMAILS}.
 */
@Command(name = "admin", subcommands = AdminCommand.Vault.class)
final class AdminCommand extends CommandGroup {

  /** {@code orchestrate admin vault}: the master keys that protect every workspace's secrets. */
  @Command(
      name = "vault",
      subcommands = {VaultStatusCommand.class, VaultRewrapCommand.class, VaultRetireCommand.class})
  static final class Vault extends CommandGroup {}
}
