package dev.orchestrate.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to reach one MCP server: a command started over stdio, or a Streamable HTTP URL. Values of
 * {@code env}, {@code headers} and {@code url} may be secret references ({@link ConfigValue}).
 *
 * @param optionalSecrets secrets whose absence leaves their variable or header out instead of
 *     failing the start (a preset's optional settings, such as Firecrawl's API URL)
 */
record ServerSpec(
    Transport transport,
    String command,
    List<String> args,
    String url,
    Map<String, String> env,
    Map<String, String> headers,
    Set<String> optionalSecrets) {

  enum Transport {
    STDIO("stdio"),
    HTTP("http");

    private final String wire;

    Transport(String wire) {
      this.wire = wire;
    }

    String wire() {
      return wire;
    }

    static java.util.Optional<Transport> parse(String wire) {
      for (Transport t : values()) {
        if (t.wire.equals(wire)) {
          return java.util.Optional.of(t);
        }
      }
      return java.util.Optional.empty();
    }
  }

  ServerSpec {
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    optionalSecrets = optionalSecrets == null ? Set.of() : Set.copyOf(optionalSecrets);
  }

  static ServerSpec stdio(String command, List<String> args, Map<String, String> env) {
    return new ServerSpec(Transport.STDIO, command, args, null, env, Map.of(), Set.of());
  }

  static ServerSpec http(String url, Map<String, String> headers) {
    return new ServerSpec(Transport.HTTP, null, List.of(), url, Map.of(), headers, Set.of());
  }

  ServerSpec withOptionalSecrets(Set<String> names) {
    return new ServerSpec(transport, command, args, url, env, headers, names);
  }

  /** Every secret the server needs, by name: the registry starts a new client when one changes. */
  Set<String> secretNames() {
    Set<String> names = new TreeSet<>();
    if (url != null) {
      ConfigValue.parse(url).secretName().ifPresent(names::add);
    }
    for (String value : env.values()) {
      ConfigValue.parse(value).secretName().ifPresent(names::add);
    }
    for (String value : headers.values()) {
      ConfigValue.parse(value).secretName().ifPresent(names::add);
    }
    return names;
  }

  /** A digest of the whole definition (references, never values): clients are keyed by it. */
  String fingerprint() {
    String text =
        String.join(
            "\u0000",
            transport.wire(),
            String.valueOf(command),
            String.join("\u0001", args),
            String.valueOf(url),
            new TreeMap<>(env).toString(),
            new TreeMap<>(headers).toString(),
            new TreeSet<>(optionalSecrets).toString());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
