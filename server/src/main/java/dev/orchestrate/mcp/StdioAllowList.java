package dev.orchestrate.mcp;

import java.util.Arrays;
import java.util.List;

/**
 * The command lines a stdio connection may start ({@code ORCHESTRATE_MCP_STDIO_ALLOW}): a
 * connection matches an entry when its command and first arguments are the entry's words, so an
 * entry {@code npx -y firecrawl-mcp@3.26.0} allows that server with any further arguments and
 * nothing else that npx could start.
 */
final class StdioAllowList {

  private final List<List<String>> entries;

  private StdioAllowList(List<List<String>> entries) {
    this.entries = entries;
  }

  /** The configured entries, or the presets' own command lines when none are configured. */
  static StdioAllowList of(McpProperties properties) {
    List<List<String>> entries =
        properties.stdioAllow().isEmpty()
            ? Preset.ALL.stream()
                .map(Preset::server)
                .filter(s -> s.transport() == ServerSpec.Transport.STDIO)
                .map(s -> words(s.command(), s.args()))
                .toList()
            : properties.stdioAllow().stream()
                .map(line -> List.of(line.strip().split("\\s+")))
                .toList();
    return new StdioAllowList(entries);
  }

  boolean allows(String command, List<String> args) {
    List<String> line = words(command, args);
    return entries.stream()
        .anyMatch(
            entry -> line.size() >= entry.size() && line.subList(0, entry.size()).equals(entry));
  }

  /** The entries as written, for an error message that tells what would be allowed. */
  List<String> describe() {
    return entries.stream().map(entry -> String.join(" ", entry)).toList();
  }

  private static List<String> words(String command, List<String> args) {
    String[] all = new String[args.size() + 1];
    all[0] = command;
    for (int i = 0; i < args.size(); i++) {
      all[i + 1] = args.get(i);
    }
    return Arrays.asList(all);
  }
}
