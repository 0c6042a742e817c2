package dev.orchestrate.pipeline.graph;

import java.util.regex.Pattern;

/** Builds problem paths in the contract's style: {@code nodes[3].agent_slug}. */
final class Paths {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private Paths() {}

  static String node(int index) {
    return index("nodes", index);
  }

  static String edge(int index) {
    return index("edges", index);
  }

  static String field(String base, String key) {
    // Keys a reader could not tell apart from the path syntax are quoted, as in JSONPath.
    String step =
        PLAIN_KEY.matcher(key).matches()
            ? key
            : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    if (base.isEmpty()) {
      return step;
    }
    return step.startsWith("[") ? base + step : base + "." + step;
  }

  static String index(String base, int index) {
    return base + "[" + index + "]";
  }
}
