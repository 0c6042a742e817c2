package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Messages;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Picocli's command-line errors in the user's language (its own messages are English only). */
final class Usage {

  private Usage() {}

  static String describe(ParameterException e, Messages messages) {
    if (e instanceof MissingParameterException missing) {
      String names =
          missing.getMissing().stream().map(Usage::name).collect(Collectors.joining(", "));
      return messages.get("usage.missing", names);
    }
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> unknown = unmatched.getUnmatched();
      String text = messages.get("usage.unknown", String.join(" ", unknown));
      List<String> suggestions = unmatched.getSuggestions();
      return suggestions.isEmpty()
          ? text
          : text + " " + messages.get("usage.did_you_mean", String.join(", ", suggestions));
    }
    if (e instanceof MutuallyExclusiveArgsException) {
      return messages.get("usage.exclusive", e.getMessage());
    }
    return e.getMessage();
  }

  private static String name(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      return option.longestName();
    }
    return ((PositionalParamSpec) arg).paramLabel();
  }
}
