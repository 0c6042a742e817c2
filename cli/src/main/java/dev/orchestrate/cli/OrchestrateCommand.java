package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Language;
import dev.orchestrate.cli.text.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code orchestrate}: the options every command takes, and the list of commands. */
@Command(
    name = "orchestrate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    subcommands = {
      SignupCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      PipelinesCommand.class,
      AgentsCommand.class,
      RunCommand.class,
      WatchCommand.class,
      ShowCommand.class,
      ExecutionsCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      BudgetCommand.class,
      RetryCommand.class,
      CancelCommand.class,
      CreditsCommand.class,
      AdminCommand.class
    })
public final class OrchestrateCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      descriptionKey = "option.server")
  String server;

  @Option(
      names = {"-w", "--workspace"},
      paramLabel = "ID|SLUG",
      scope = ScopeType.INHERIT,
      descriptionKey = "option.workspace")
  String workspace;

  @Option(names = "--json", scope = ScopeType.INHERIT, descriptionKey = "option.json")
  boolean json;

  @Option(
      names = "--lang",
      paramLabel = "ko|en",
      scope = ScopeType.INHERIT,
      descriptionKey = "option.lang")
  String lang;

  private final Environment environment;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private Context context;

  OrchestrateCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The context of the command being run, made once its options are parsed. */
  Context context() {
    if (context == null) {
      if (lang != null && Language.of(lang).isEmpty()) {
        throw new CliException(ExitCodes.USAGE, "bad_lang", "--lang: ko | en");
      }
      Language language = Language.resolve(lang, environment.variables());
      var output =
          new Output(
              environment.out(),
              environment.err(),
              json,
              environment.terminal() && !json,
              environment.columns());
      context = new Context(environment, Messages.of(language), output, mapper, server, workspace);
    }
    return context;
  }

  boolean json() {
    return json;
  }
}
