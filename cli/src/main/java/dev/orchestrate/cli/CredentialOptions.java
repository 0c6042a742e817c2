package dev.orchestrate.cli;

import picocli.CommandLine.Option;

/** Where login and signup take the email and password from: options, else a prompt. */
final class CredentialOptions {

  @Option(names = "--email", paramLabel = "EMAIL", descriptionKey = "option.email")
  String email;

  @Option(names = "--password-stdin", descriptionKey = "option.password_stdin")
  boolean passwordStdin;
}
