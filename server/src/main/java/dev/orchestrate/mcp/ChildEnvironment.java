package dev.orchestrate.mcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole environment of a stdio server: its connection's {@code env} (secrets resolved) plus a
 * minimal {@code PATH} and its own {@code HOME}, and nothing of the service's own environment, so
 * no master key, database password or provider key reaches a third-party server.
 */
final class ChildEnvironment {

  /** Where system commands live on any Linux or macOS host. */
  static final List<String> FIXED_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");

  /**
   * Variables a connection may not set: the service sets them, or they change which code runs
   * (preloaded libraries, node's startup options, npm's registry), around the stdio allow-list.
   */
  static boolean isReserved(String name) {
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    return upper.equals("PATH")
        || upper.equals("HOME")
        || (upper.startsWith("NODE_") && !upper.equals("NODE_ENV"))
        || upper.startsWith("NPM_CONFIG_")
        || upper.startsWith("LD_")
        || upper.startsWith("DYLD_")
        || upper.equals("BASH_ENV")
        || upper.equals("ENV")
        || upper.startsWith("PYTHON");
  }

  private final String path;

  private ChildEnvironment(String path) {
    this.path = path;
  }

  /** The fixed directories, plus the one holding the {@code node} the service's PATH finds. */
  static ChildEnvironment forThisHost() {
    Set<String> dirs = new LinkedHashSet<>(FIXED_PATH);
    String servicePath = System.getenv("PATH");
    if (servicePath != null) {
      for (String dir : servicePath.split(File.pathSeparator)) {
        if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "node"))) {
          dirs.add(dir);
          break;
        }
      }
    }
    return new ChildEnvironment(String.join(File.pathSeparator, dirs));
  }

  String path() {
    return path;
  }

  Map<String, String> build(Map<String, String> connectionEnv, Path home) {
    Map<String, String> env = new LinkedHashMap<>(connectionEnv);
    env.put("PATH", path);
    env.put("HOME", home.toString());
    return env;
  }
}
